# Finds libcsv (RFC 4180 CSV parser; Debian: libcsv-dev) and defines the imported target
# LibCSV::LibCSV. Used to build libcchc, and installed beside cchcConfig.cmake so that a
# consumer of the static libcchc finds it again on its own machine: the exported targets name
# LibCSV::LibCSV, never a path of the machine that built libcchc.
#
# The static archive is preferred: it keeps libcsv out of the runtime dependencies of
# programs and of the Python module (Debian builds it position-independent).
find_path(LibCSV_INCLUDE_DIR csv.h)
find_library(LibCSV_LIBRARY NAMES libcsv.a csv)
mark_as_advanced(LibCSV_INCLUDE_DIR LibCSV_LIBRARY)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibCSV REQUIRED_VARS LibCSV_LIBRARY LibCSV_INCLUDE_DIR)

if(LibCSV_FOUND AND NOT TARGET LibCSV::LibCSV)
  add_library(LibCSV::LibCSV UNKNOWN IMPORTED)
  set_target_properties(LibCSV::LibCSV PROPERTIES IMPORTED_LOCATION "${LibCSV_LIBRARY}"
                                                  INTERFACE_INCLUDE_DIRECTORIES "${LibCSV_INCLUDE_DIR}")
endif()
