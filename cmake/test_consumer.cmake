# ctest driver: installs libcchc into WORK_DIR/prefix, moves the prefix elsewhere, checks that
# the installed CMake package names no path of the machine that built it, then builds and runs
# examples/cmake-consumer against the moved prefix only.
#   LIBRARY=static  installs BUILD_DIR, the build that ran the tests;
#   LIBRARY=shared  first builds libcchc alone with BUILD_SHARED_LIBS=ON in WORK_DIR/library.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
set(moved "${WORK_DIR}/moved/prefix")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "command failed (${result}): ${ARGV}")
  endif()
endfunction()

if(LIBRARY STREQUAL "shared")
  set(library_build "${WORK_DIR}/library")
  run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${library_build}" -G "${GENERATOR}"
      -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}
      -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON
      -DCCHC_BUILD_TESTS=OFF -DCCHC_BUILD_PYTHON=OFF)
  run("${CMAKE_COMMAND}" --build "${library_build}" --target cchc)
  set(BUILD_DIR "${library_build}")
elseif(NOT LIBRARY STREQUAL "static")
  message(FATAL_ERROR "LIBRARY must be static or shared, not '${LIBRARY}'")
endif()

run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" --component development)

# The package must be relocatable: no absolute path in its CMake files (a path of this
# machine's libcsv, the source or the build tree would break a moved or packaged install).
file(GLOB_RECURSE package_files "${prefix}/*.cmake")
foreach(package_file IN LISTS package_files)
  file(STRINGS "${package_file}" lines)
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*#")
      continue()
    endif()
    if(line MATCHES "(^|[\"; (])/[A-Za-z]" OR line MATCHES "[A-Za-z]:[/\\\\]")
      message(FATAL_ERROR "${package_file} names an absolute path: ${line}")
    endif()
  endforeach()
endforeach()
file(GLOB shared_objects "${prefix}/lib*/libcchc.so*")
file(GLOB static_archives "${prefix}/lib*/libcchc.a")
if(LIBRARY STREQUAL "shared" AND (NOT shared_objects OR static_archives))
  message(FATAL_ERROR "expected only libcchc.so in ${prefix}: ${shared_objects} ${static_archives}")
endif()
if(LIBRARY STREQUAL "static" AND (NOT static_archives OR shared_objects))
  message(FATAL_ERROR "expected only libcchc.a in ${prefix}: ${static_archives} ${shared_objects}")
endif()

get_filename_component(moved_parent "${moved}" DIRECTORY)
file(MAKE_DIRECTORY "${moved_parent}")
file(RENAME "${prefix}" "${moved}")

run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/cmake-consumer" -B "${WORK_DIR}/build"
    -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}
    -DCMAKE_PREFIX_PATH=${moved}
    -DCMAKE_BUILD_TYPE=Release)
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
