-- Drives a headless Ardour session (ardour7-lua) with the Wavelift plugin on a stereo track, after a test signal.
--   ardour7-lua wavelift-session.lua create <session-dir> <name> <LV2 plugin name> <seconds>
--   ardour7-lua wavelift-session.lua reopen <session-dir> <name> <LV2 plugin name> <seconds>
-- create: a new 48 kHz session, a track "Take" with the test signal and Wavelift, the transport rolled from 0 for
-- <seconds> and stopped, the session saved. reopen: the saved session loaded again, Wavelift found on the track
-- (restored from the session), rolled once more, saved. Audio goes to a PulseAudio server (a null sink will do):
-- Ardour's PulseAudio backend keeps its ports inside Ardour, where with JACK the headless session's event loop runs
-- port callbacks on JACK's thread and garbles the client's requests now and then ("JACK HALTED").
-- Prints "wavelift-session: OK" at the end; any failure raises a Lua error.

local mode, dir, name, pluginName, seconds = arg[1], arg[2], arg[3], arg[4], tonumber (arg[5])
assert (mode == "create" or mode == "reopen", "usage: create|reopen <dir> <name> <plugin> <seconds>")
local ui = ARDOUR.TransportRequestSource.TRS_UI

local function say (...) print ("wavelift-session:", ...) end

local function wait_for (what, condition, timeout_seconds)
	local deadline = ARDOUR.LuaAPI.monotonic_time () + timeout_seconds * 1000000
	while not condition () do
		assert (ARDOUR.LuaAPI.monotonic_time () < deadline, "timed out waiting for " .. what)
		ARDOUR.LuaAPI.usleep (10000)
	end
end

local function only_track ()
	local found = nil
	for t in Session:get_tracks ():iter () do
		assert (found == nil, "more than one track")
		found = t
	end
	assert (found, "no track")
	return found
end

local function find_plugin (route)
	for i = 0, 16 do
		local proc = route:nth_plugin (i)
		if proc:isnil () then break end
		if proc:display_name () == pluginName then return proc, i end
	end
	return nil
end

assert (AudioEngine:set_backend ("PulseAudio", "wavelift-test", ""), "no PulseAudio backend")

-- Everything that holds a track or a plugin runs in here: those references must be gone (collected)
-- before the session is closed, or their destructors reach into the deleted session when Lua finally frees them.
local function work ()
	if mode == "create" then
		assert (create_session (dir, name, 48000), "could not create the session")
		local tracks = Session:new_audio_track (2, 2, nil, 1, "Take", ARDOUR.PresentationInfo.max_order,
		                                        ARDOUR.TrackMode.Normal, true)
		assert (tracks:size () == 1, "no track made")
		local track = only_track ()

		local signal = ARDOUR.LuaAPI.new_luaproc (Session, "Wavelift Test Signal")
		assert (not signal:isnil (), "the test signal script was not found")
		assert (track:add_processor_by_index (signal, 0, nil, true) == 0, "could not add the test signal")

		local plugin = ARDOUR.LuaAPI.new_plugin (Session, pluginName, ARDOUR.PluginType.LV2, "")
		assert (not plugin:isnil (), "LV2 plugin '" .. pluginName .. "' not found")
		assert (track:add_processor_by_index (plugin, 1, nil, true) == 0, "could not add " .. pluginName)
		say ("added", plugin:display_name ())
	else
		assert (load_session (dir, name), "could not load the session")
	end

	local track = only_track ()
	local plugin, index = find_plugin (track)
	assert (plugin, pluginName .. " is not on the track")
	assert (plugin:active (), pluginName .. " is not active")
	say ("on the track at", index, plugin:display_name ())

	local target = math.floor (seconds * Session:nominal_sample_rate ())

	-- Roll from the start for the given time, then stop.
	Session:request_locate (0, false, ARDOUR.LocateTransportDisposition.MustStop, ui)
	wait_for ("the locate", function () return Session:transport_sample () == 0 and not Session:transport_rolling () end, 10)
	Session:request_roll (ui)
	wait_for ("the roll", function () return Session:transport_rolling () end, 10)
	wait_for ("the playhead", function () return Session:transport_sample () >= target end, seconds + 30)
	Session:request_stop (false, false, ui)
	wait_for ("the stop", function () return not Session:transport_rolling () end, 10)
	say ("rolled and stopped at", Session:transport_sample ())

	assert (Session:save_state ("", false, false, false, false, false) == 0, "could not save the session")
end

work ()
collectgarbage ()
collectgarbage ()
close_session ()
say ("OK")
