# naskernel_add_plugin(NAME KIND <search_space|sampler|regularizer|task>
#                      SOURCES ... [LIBRARIES ...] [NO_INSTALL])
#
# Builds a naskernel plugin as a shared library named naskernel_<kind>_<name>.
# In the source tree it lands in the build's plugins/ folder (where the host
# looks first) and reuses the precompiled LibTorch header; out of tree the
# installed naskernelConfig.cmake provides the same function.
function(naskernel_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "KIND" "SOURCES;LIBRARIES" ${ARGN})
  set(kinds search_space sampler regularizer task)
  if(NOT ARG_KIND IN_LIST kinds)
    message(FATAL_ERROR "naskernel_add_plugin(${name}): KIND must be one of ${kinds}, got '${ARG_KIND}'")
  endif()
  set(target naskernel_${ARG_KIND}_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE naskernel::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    LIBRARY_OUTPUT_DIRECTORY "${NASKERNEL_PLUGIN_OUTPUT_DIR}")
  if(TARGET naskernel_torch_pch)
    target_precompile_headers(${target} REUSE_FROM naskernel_torch_pch)
  endif()
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION "${NASKERNEL_PLUGIN_INSTALL_DIR}")
  endif()
endfunction()
