// Date and time fields read and are typed dd/mm/yyyy and 24-hour whatever the browser's language
// (an English browser's own date input shows 11/30/2026 and 08:00 AM). The fields are text inputs
// that the server parses in the same formats, so they also work without this script.
(function () {
  "use strict";
  if (typeof window.flatpickr !== "function") return;
  var vietnamese = document.documentElement.lang === "vi";
  var common = { allowInput: true, disableMobile: true, locale: vietnamese ? "vn" : "default" };
  if (!vietnamese) common.locale = { firstDayOfWeek: 1 };
  document.querySelectorAll('input[data-picker="date"]').forEach(function (input) {
    window.flatpickr(input, Object.assign({ dateFormat: "d/m/Y" }, common));
  });
  document.querySelectorAll('input[data-picker="time"]').forEach(function (input) {
    window.flatpickr(input, Object.assign(
      { enableTime: true, noCalendar: true, dateFormat: "H:i", time_24hr: true }, common
    ));
  });
})();
