// The compiled core of the Python package: cchc._core. The typed Python face is python/cchc.
#include <pybind11/pybind11.h>

#include "cchc/error.hpp"

namespace py = pybind11;

void bind_calendar(py::module_& module);
void bind_calendar_periods(py::module_& module);
void bind_calendar_deadlines(py::module_& module);
void bind_dossier(py::module_& module);
void bind_dossier_reconcile(py::module_& module);
void bind_target(py::module_& module);
void bind_target_extract(py::module_& module);
void bind_io(py::module_& module);
void bind_arrow(py::module_& module);
void bind_score(py::module_& module);
void bind_composite(py::module_& module);

namespace {

// Errors become the Python classes of cchc.errors, which carry source/line/field.
void translate_errors() {
  py::register_exception_translator([](std::exception_ptr pointer) {
    if (!pointer) return;
    const auto raise = [](const char* name, const cchc::Error& error, py::dict attributes) {
      const py::module_ errors = py::module_::import("cchc.errors");
      py::object instance = errors.attr(name)(error.what());
      for (auto item : attributes) py::setattr(instance, item.first, item.second);
      // The reason as coded sentences (cchc.messages writes them in the user's language).
      py::list messages;
      for (const cchc::ErrorMessage& message : error.messages()) {
        py::dict arguments;
        for (const auto& [key, value] : message.arguments) arguments[py::str(key)] = value;
        py::dict entry;
        entry["code"] = message.code;
        entry["arguments"] = arguments;
        messages.append(entry);
      }
      py::setattr(instance, "reason_messages", messages);
      PyErr_SetObject(errors.attr(name).ptr(), instance.ptr());
    };
    try {
      std::rethrow_exception(pointer);
    } catch (const cchc::ParseError& error) {
      py::dict attributes;
      attributes["source"] = error.source();
      attributes["line"] = error.line();
      attributes["field"] = error.field();
      attributes["reason"] = error.reason();
      // The reason as a code (cchc.messages writes it in the user's language); "" when none.
      attributes["reason_code"] = error.code();
      py::dict arguments;
      for (const auto& [name, value] : error.arguments()) arguments[py::str(name)] = value;
      attributes["reason_arguments"] = arguments;
      raise("ParseError", error, attributes);
    } catch (const cchc::InvalidDate& error) {
      raise("InvalidDateError", error, py::dict());
    } catch (const cchc::OutOfRange& error) {
      raise("OutOfRangeError", error, py::dict());
    } catch (const cchc::Error& error) {
      raise("CchcError", error, py::dict());
    }
  });
}

}  // namespace

PYBIND11_MODULE(_core, module) {
  module.doc() = "Compiled core of libcchc; use the cchc package instead.";
  translate_errors();
  module.def(
      "error_templates",
      [] {
        py::dict templates;
        for (const auto& [code, text] : cchc::error_templates()) {
          templates[py::str(code.data(), code.size())] = py::str(text.data(), text.size());
        }
        return templates;
      },
      "Every error code of the engine with its English template (cchc/error.hpp).");
  py::module_ calendar = module.def_submodule("calendar", "Vietnamese working-day calendar");
  bind_calendar(calendar);
  bind_calendar_periods(calendar);
  bind_calendar_deadlines(calendar);
  py::module_ dossier = module.def_submodule("dossier", "Dossier records and indicators");
  bind_dossier(dossier);
  bind_dossier_reconcile(dossier);
  py::module_ target = module.def_submodule("target", "Targets, tasks, plans and their status");
  bind_target(target);
  py::module_ target_extract =
      module.def_submodule("target_extract", "Targets and tasks proposed from plan text");
  bind_target_extract(target_extract);
  py::module_ io = module.def_submodule("io", "Dossier file readers and the cell vocabulary");
  bind_io(io);
  bind_arrow(io);
  py::module_ score = module.def_submodule("score", "Scoring frameworks and self-assessments");
  bind_score(score);
  py::module_ composite = module.def_submodule("composite", "Composite-index toolkit");
  bind_composite(composite);
}
