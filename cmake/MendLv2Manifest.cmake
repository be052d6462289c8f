# Run after JUCE's juce_lv2_helper has written the LV2 bundle's Turtle files (cmake -D BUNDLE=<...>/Wavelift.lv2 -P).
# JUCE 7.0.5 writes statements the LV2 specification's own schemas reject (sord_validate; hosts and linters read them
# the same way); this puts them right. Each mend is checked on its own: a file already right is left alone, and a file
# in neither JUCE 7.0.5's form nor the mended one stops the build (JUCE changed: look again). The empty e-mail is the
# exception (its mended form is nothing, always "there"): the LV2 bundle test checks lv2info shows no e-mail.
#  - the plugin is not typed doap:Project, yet carries doap:maintainer and doap:release; nor has it an LV2 class,
#    which hosts sort plugins by (VST3_CATEGORIES says Fx/Tools: lv2:UtilityPlugin);
#  - the maintainer's e-mail is written as <> when none is set, which reads as the file's own address;
#  - the default preset saves a state key, plug:Program, that is never declared as a property;
#  - the UI lists ui:noUserResize, a feature, as extension data (the editor is resizable: it goes);
#  - the UI lists opts:interface, extension data, as an optional feature (it stays as extension data).
if(NOT IS_DIRECTORY "${BUNDLE}")
  message(FATAL_ERROR "MendLv2Manifest: no LV2 bundle at '${BUNDLE}'")
endif()

# Replaces `juce_form` by `mended_form` in `text`; where JUCE's form is missing, the mended one must be there already.
function(mend text_var what juce_form mended_form)
  set(text "${${text_var}}")
  string(FIND "${text}" "${juce_form}" juce_at)
  if(juce_at EQUAL -1)
    string(FIND "${text}" "${mended_form}" mended_at)
    if(mended_at EQUAL -1)
      message(FATAL_ERROR "MendLv2Manifest: ${what}: found neither JUCE 7.0.5's text nor the mended one")
    endif()
    return()
  endif()
  string(REPLACE "${juce_form}" "${mended_form}" text "${text}")
  set(${text_var} "${text}" PARENT_SCOPE)
endfunction()

file(READ "${BUNDLE}/dsp.ttl" dsp)
set(dsp_before "${dsp}")
mend(dsp "the plugin's types" "\ta lv2:Plugin ;" "\ta lv2:Plugin , lv2:UtilityPlugin , doap:Project ;")
mend(dsp "the empty e-mail" "\t\tfoaf:mbox <> ;\n" "") # checked by lv2info in the LV2 bundle test
if(NOT dsp MATCHES "\nplug:Program\n")
  string(APPEND dsp
    "\nplug:Program\n"
    "\ta rdf:Property ;\n"
    "\trdfs:label \"Program\" ;\n"
    "\trdfs:comment \"The plugin's current program, part of its saved state.\" .\n")
endif()
if(NOT dsp STREQUAL dsp_before)
  file(WRITE "${BUNDLE}/dsp.ttl" "${dsp}")
endif()

# In ui.ttl, only the two lists change: the extension data and the optional features.
file(READ "${BUNDLE}/ui.ttl" ui)
set(ui_before "${ui}")
mend(ui "the UI's extension data"
     "lv2:extensionData\n\t\tui:idleInterface ,\n\t\topts:interface ,\n\t\tui:noUserResize ,\n\t\tui:resize ;"
     "lv2:extensionData\n\t\tui:idleInterface ,\n\t\topts:interface ,\n\t\tui:resize ;")
mend(ui "the UI's optional features"
     "lv2:optionalFeature\n\t\tui:resize ,\n\t\topts:interface ,\n\t\topts:options ;"
     "lv2:optionalFeature\n\t\tui:resize ,\n\t\topts:options ;")
if(NOT ui STREQUAL ui_before)
  file(WRITE "${BUNDLE}/ui.ttl" "${ui}")
endif()
