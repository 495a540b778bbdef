// Umbrella header: everything libcchc offers.
#pragma once

#include "cchc/calendar/date.hpp"
#include "cchc/error.hpp"
