// On a phone the navigation folds behind a "Menu" button, so a page starts with its content. Without
// JavaScript the navigation stays open (the button is hidden).
(function () {
  "use strict";
  var header = document.querySelector(".topbar");
  var toggle = header && header.querySelector(".menu-toggle");
  if (!toggle) return;
  document.documentElement.classList.add("js");
  toggle.addEventListener("click", function () {
    var open = header.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
