# The JUCE modules, compiled once into one static library that every Wavelift target links
# (the plugin formats, the standalone, the CLI, the tests and the benchmarks).
#
# The module targets JUCE defines are INTERFACE libraries that add their sources to whoever links them; linking them
# PRIVATE here and re-exporting the include folders and definitions keeps the sources in this one library.

add_library(wavelift_juce STATIC)

target_link_libraries(wavelift_juce
  PRIVATE
    juce::juce_audio_utils
    juce::juce_audio_processors
    juce::juce_audio_formats
    juce::juce_audio_devices
    juce::juce_audio_basics
    juce::juce_gui_extra
    juce::juce_gui_basics
    juce::juce_graphics
    juce::juce_cryptography
    juce::juce_data_structures
    juce::juce_events
    juce::juce_core
  PUBLIC
    juce::juce_recommended_config_flags
    juce::juce_recommended_warning_flags
    PkgConfig::WAVELIFT_CODECS
    CURL::libcurl
    Threads::Threads
    ${CMAKE_DL_LIBS})

target_compile_definitions(wavelift_juce
  PUBLIC
    JUCE_DISPLAY_SPLASH_SCREEN=0
    JUCE_REPORT_APP_USAGE=0
    JUCE_STRICT_REFCOUNTEDPOINTER=1
    JUCE_VST3_CAN_REPLACE_VST2=0
    JUCE_USE_MP3AUDIOFORMAT=1
    JUCE_USE_FLAC=1
    JUCE_USE_OGGVORBIS=1
    # Our own HTTP layer (Source/net) talks to libcurl; JUCE's URL stays only the URL type.
    JUCE_USE_CURL=0
    JUCE_WEB_BROWSER=1
    JUCE_LOAD_CURL_SYMBOLS_LAZILY=0
    # The tests and the main job host the built plugin the way a DAW does.
    JUCE_PLUGINHOST_VST3=1
    JUCE_PLUGINHOST_LV2=1
    JUCE_MODAL_LOOPS_PERMITTED=1
    # The standalone app on JACK as well as ALSA (and, in the tests, on a JACK dummy driver under Xvfb).
    JUCE_JACK=1
    JUCE_SILENCE_XCODE_15_LINKER_WARNING=1
  INTERFACE
    $<TARGET_PROPERTY:wavelift_juce,COMPILE_DEFINITIONS>)

# Headers only, see the comment in the top-level CMakeLists.txt.
target_include_directories(wavelift_juce SYSTEM PRIVATE ${WAVELIFT_WEBKIT_INCLUDE_DIRS})

target_include_directories(wavelift_juce
  INTERFACE
    $<TARGET_PROPERTY:wavelift_juce,INCLUDE_DIRECTORIES>)

set_target_properties(wavelift_juce PROPERTIES
  POSITION_INDEPENDENT_CODE TRUE
  VISIBILITY_INLINES_HIDDEN TRUE
  C_VISIBILITY_PRESET hidden
  CXX_VISIBILITY_PRESET hidden)

# JUCE's own sources are not ours to lint: keep their warnings out of the build log.
target_compile_options(wavelift_juce PRIVATE -w)
