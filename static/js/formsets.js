// Rows of a formset (a model's indicators, a meeting's attendees) added and removed in the browser, so a
// 20-person conference is recorded in one go. The page works without this script: it shows a few blank rows,
// a "Remove" checkbox on each, and saving gives more blank rows.
//
// The markup (see templates/includes/formset_tools.html):
//   <div data-formset="PREFIX" data-remove-text="...">  the management form (PREFIX-TOTAL_FORMS, ...),
//     <tbody data-formset-rows> the rows, each <tr data-formset-row>;
//     <template data-formset-empty> Django's formset.empty_form as a row, with __prefix__ for its index and
//       __number__ for its number as people count (its labels read "Value, row __number__");
//     <div data-formset-tools hidden> the "Add a row" button (data-formset-add);
//     [data-formset-nojs] what only matters without JavaScript (hidden here).
// A row not saved yet gets a "Remove this row" button instead of its checkbox: the last row is taken out,
// another one is hidden with its DELETE checkbox ticked, which the formset skips.
// An added row is announced with a bubbling "formset:added" event (static/js/selects.js listens).
(function () {
  "use strict";

  function field(box, prefix, name) {
    return box.querySelector('input[name="' + prefix + "-" + name + '"]');
  }

  function firstControl(row) {
    return row.querySelector("input:not([type=hidden]):not([hidden]), select:not([hidden]), textarea, button");
  }

  function setUp(box) {
    var prefix = box.dataset.formset;
    var total = field(box, prefix, "TOTAL_FORMS");
    var initial = field(box, prefix, "INITIAL_FORMS");
    var maximum = field(box, prefix, "MAX_NUM_FORMS");
    var body = box.querySelector("[data-formset-rows]");
    var template = box.querySelector("template[data-formset-empty]");
    var add = box.querySelector("[data-formset-add]");
    if (!total || !initial || !body || !template || !add) return;
    var status = box.querySelector("[data-formset-status]");

    function indexOf(row) {
      var named = row.querySelector('[name^="' + prefix + '-"]');
      var match = named && named.name.slice(prefix.length + 1).match(/^(\d+)-/);
      return match ? parseInt(match[1], 10) : -1;
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    // The rows as people count them: a row taken out leaves no gap, so the labels a screen reader reads
    // ("Value, row 3") follow the rows shown, not the formset's indexes.
    function renumber() {
      var number = 0;
      body.querySelectorAll("[data-formset-row]").forEach(function (row) {
        if (row.hidden) return;
        number += 1;
        row.querySelectorAll("label.visually-hidden").forEach(function (label) {
          label.textContent = label.textContent.replace(/\d+(?=\D*$)/, String(number));
        });
      });
    }

    function makeRemovable(row) {
      if (indexOf(row) < parseInt(initial.value, 10)) return; // a saved row keeps its "Remove" checkbox
      var checkbox = row.querySelector('input[type=checkbox][name$="-DELETE"]');
      if (!checkbox || row.querySelector("[data-formset-remove]")) return;
      if (checkbox.checked) row.hidden = true; // removed before the page was sent back with errors
      var label = row.querySelector('label[for="' + checkbox.id + '"]');
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small";
      button.dataset.formsetRemove = "";
      button.textContent = box.dataset.removeText;
      if (label) {
        button.setAttribute("aria-label", box.dataset.removeText + " (" + label.textContent.trim() + ")");
        label.hidden = true;
      }
      checkbox.hidden = true;
      checkbox.parentNode.insertBefore(button, checkbox);
      button.addEventListener("click", function () {
        var next = row.nextElementSibling;
        while (next && next.hidden) next = next.nextElementSibling;
        if (indexOf(row) === parseInt(total.value, 10) - 1) {
          row.remove();
          total.value = parseInt(total.value, 10) - 1;
        } else {
          checkbox.checked = true;
          row.hidden = true;
        }
        renumber();
        say(box.dataset.removedText || "");
        (next ? firstControl(next) : add).focus();
      });
    }

    body.querySelectorAll("[data-formset-row]").forEach(makeRemovable);
    renumber();

    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (maximum && index >= parseInt(maximum.value, 10)) {
        say(box.dataset.fullText || "");
        return;
      }
      var holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      var row = holder.querySelector("[data-formset-row]");
      body.appendChild(row);
      total.value = index + 1;
      makeRemovable(row);
      renumber();
      row.dispatchEvent(new CustomEvent("formset:added", { bubbles: true }));
      say(box.dataset.addedText || "");
      var control = firstControl(row);
      if (control) control.focus();
    });

    box.querySelectorAll("[data-formset-tools]").forEach(function (tools) {
      tools.hidden = false;
    });
    box.querySelectorAll("[data-formset-nojs]").forEach(function (note) {
      note.hidden = true;
    });
  }

  document.querySelectorAll("[data-formset]").forEach(setUp);
})();
