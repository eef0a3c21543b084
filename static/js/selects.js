// Drop-downs of many entries (233 agencies, hundreds of administrative units) become search boxes: type a few
// letters, with or without diacritics ("dan van" finds "Dân vận"), and choose with the arrow keys and Enter.
// In a multiple choice each entry chosen is added to the earlier ones and shown as a tag that Backspace or
// its × removes; a plain click never drops them. The selects are marked by core.forms.SearchableSelect and
// SearchableSelectMultiple (data-searchable); without JavaScript they stay the browser's own selects.
// Rows added by static/js/formsets.js announce themselves with a "formset:added" event and are enhanced too.
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") return;

  function enhance(select) {
    if (select.tomselect || select.closest("template")) return;
    var multiple = select.multiple;
    // The words come translated from the widget (data-no-results, data-remove-label).
    var words = { none: select.dataset.noResults || "", remove: select.dataset.removeLabel || "" };
    var settings = {
      diacritics: true,
      maxOptions: null,
      // The list is filtered as each letter is typed (a few hundred entries are quick to filter); the default
      // 300 ms pause let an Enter typed right after the letters choose what was highlighted before them.
      refreshThrottle: 0,
      allowEmptyOption: !multiple,
      hidePlaceholder: true,
      // In a table that scrolls inside its own box the list would be cut off: it opens over the page instead.
      dropdownParent: select.closest(".table-wrap") ? "body" : null,
      closeAfterSelect: !multiple,
      clearAfterSelect: true, // the next search starts from an empty box

      plugins: multiple ? { remove_button: { title: words.remove } } : {},
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(words.none) + " “" + escape(data.input) + "”</div>";
        },
      },
    };
    var control = new window.TomSelect(select, settings);
    // The search box is named by the field's label (Tom Select points the label at it); say that it searches.
    control.control_input.setAttribute("autocomplete", "off");
    var described = select.getAttribute("aria-describedby");
    if (described) control.control_input.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) control.control_input.setAttribute("aria-invalid", "true");
    // The native select stays in the page (the form posts it) but out of reach: its label now names the
    // search box, so it is named by the same label and hidden from screen readers (one control, not two).
    var label = document.querySelector('label[for="' + control.control_input.id + '"]');
    if (label && label.id) select.setAttribute("aria-labelledby", label.id);
    select.setAttribute("aria-hidden", "true");
  }

  function enhanceWithin(root) {
    root.querySelectorAll("select[data-searchable]").forEach(enhance);
  }

  enhanceWithin(document);
  document.addEventListener("formset:added", function (event) {
    enhanceWithin(event.target);
  });
})();
