// The Python face of accepted dossiers (cchc._core.dossier.Table), shared by the bindings that
// produce one: ingestion of columns (dossier.cpp) and the file readers (io.cpp).
#pragma once

#include "cchc/dossier/columns.hpp"

// The validated columns and the rows rejected.
struct NativeTable {
  cchc::dossier::TableIngest ingested;
};
