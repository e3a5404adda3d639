# Installs the naskernel build into a temporary prefix, builds the
# out-of-tree example sampler against that prefix alone, installs it there,
# and runs the installed host on it. Run with cmake -P (see CMakeLists.txt).
foreach(var NASKERNEL_BINARY_DIR EXAMPLE_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "out_of_tree_sdk_test.cmake needs -D${var}=...")
  endif()
endforeach()
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()

set(prefix "${WORK_DIR}/prefix")
set(build "${WORK_DIR}/example-build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs a command; fails the test with its output unless it exits 0.
function(step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${name} failed (${code}):\n${out}\n${err}")
  endif()
  set(step_output "${out}${err}" PARENT_SCOPE)
endfunction()

step("installing naskernel" ${CMAKE_COMMAND} --install "${NASKERNEL_BINARY_DIR}" --prefix "${prefix}")
foreach(installed bin/naskernel lib/cmake/naskernel/naskernelConfig.cmake
        lib/cmake/naskernel/naskernelConfigVersion.cmake lib/cmake/naskernel/NaskernelPlugin.cmake
        include/naskernel/plugin.h)
  if(NOT EXISTS "${prefix}/${installed}")
    message(FATAL_ERROR "the install is missing ${installed}")
  endif()
endforeach()

step("configuring the example"
  ${CMAKE_COMMAND} -S "${EXAMPLE_SOURCE_DIR}" -B "${build}"
    -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_INSTALL_PREFIX=${prefix})
file(STRINGS "${build}/CMakeCache.txt" found_dir REGEX "^naskernel_DIR:")
if(NOT found_dir STREQUAL "naskernel_DIR:PATH=${prefix}/lib/cmake/naskernel")
  message(FATAL_ERROR "the example found naskernel outside the test prefix: ${found_dir}")
endif()
step("building the example" ${CMAKE_COMMAND} --build "${build}" -j2)
if(NOT EXISTS "${build}/libnaskernel_sampler_restricted_uniform.so")
  message(FATAL_ERROR "the plugin did not land in the example's build folder")
endif()
step("installing the example" ${CMAKE_COMMAND} --install "${build}")
set(installed_plugin "${prefix}/lib/naskernel/plugins/libnaskernel_sampler_restricted_uniform.so")
if(NOT EXISTS "${installed_plugin}")
  message(FATAL_ERROR "the example plugin was not installed to ${installed_plugin}")
endif()

# The installed host finds the plugin in its own prefix, with no search path set.
step("naskernel plugins" ${CMAKE_COMMAND} -E env NASKERNEL_PLUGIN_PATH= "${prefix}/bin/naskernel" plugins)
if(NOT step_output MATCHES "sampler +restricted_uniform +1.0.0 +2 +${installed_plugin}")
  message(FATAL_ERROR "naskernel plugins does not list the installed restricted_uniform:\n${step_output}")
endif()

file(COPY "${EXAMPLE_SOURCE_DIR}/restricted_uniform.toml" DESTINATION "${WORK_DIR}")
step("naskernel validate" ${CMAKE_COMMAND} -E env NASKERNEL_PLUGIN_PATH=
  "${prefix}/bin/naskernel" validate "${WORK_DIR}/restricted_uniform.toml")
if(NOT step_output MATCHES "manifest OK: .*sampler restricted_uniform 1.0.0")
  message(FATAL_ERROR "naskernel validate did not accept the example manifest:\n${step_output}")
endif()

# A bad configuration of the third-party plugin is reported with its position.
file(WRITE "${WORK_DIR}/bad.toml" "[task]\nplugin = \"classification\"\ndataset = \"synthetic\"\n\n"
  "[search_space]\nplugin = \"nb201\"\nchannels = 16\ncells = 5\n\n"
  "[sampler]\nplugin = \"restricted_uniform\"\nallowed_ops = []\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E env NASKERNEL_PLUGIN_PATH= "${prefix}/bin/naskernel" validate
  "${WORK_DIR}/bad.toml" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "bad.toml:12:15: key `sampler.allowed_ops` must name at least one op")
  message(FATAL_ERROR "expected a clear allowed_ops error, got (${code}):\n${out}${err}")
endif()
message(STATUS "out-of-tree SDK: installed, built, found and validated restricted_uniform")
