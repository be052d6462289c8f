ardour {
	["type"]    = "dsp",
	name        = "Wavelift Test Signal",
	category    = "Utility",
	license     = "MIT",
	author      = "Wavelift",
	description = [[Replaces its input with a counting signal, so a test can check that a plugin after it got every
sample exactly once and in order: at the k-th sample it has produced, left is ((7k mod 2^24) - 2^23) / 2^23 and
right ((13k mod 2^24) - 2^23) / 2^23. Every value is exact in float and in 24-bit PCM, and the left value alone
tells k (mod 2^24, about 350 s at 48 kHz).]]
}

local produced = 0

function dsp_ioconfig ()
	return { { audio_in = 2, audio_out = 2 } }
end

function dsp_run (ins, outs, n_samples)
	for c = 1, 2 do
		local step = (c == 1) and 7 or 13
		local out = outs[c]:array ()
		for s = 1, n_samples do
			out[s] = (((produced + s - 1) * step) % 16777216 - 8388608) / 8388608.0
		end
	end
	produced = produced + n_samples
end
