// Umbrella header: everything libcchc offers.
#pragma once

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/deadline.hpp"
#include "cchc/calendar/due_date.hpp"
#include "cchc/calendar/holidays.hpp"
#include "cchc/calendar/lunar.hpp"
#include "cchc/calendar/period.hpp"
#include "cchc/calendar/work_calendar.hpp"
#include "cchc/dossier/classify.hpp"
#include "cchc/dossier/indicators.hpp"
#include "cchc/dossier/reconcile.hpp"
#include "cchc/dossier/record.hpp"
#include "cchc/dossier/vocabulary.hpp"
#include "cchc/error.hpp"
#include "cchc/io/dossier_csv.hpp"
#include "cchc/io/dossier_table.hpp"
#include "cchc/text/vietnamese.hpp"
