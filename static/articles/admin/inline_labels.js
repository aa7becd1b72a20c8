// Django's tabular inlines name their fields only in the column headers, which screen readers
// do not announce for a form field. Give each field an accessible name: its column header and
// its row ("Title, related link 2"); and name the autocomplete boxes select2 draws over them.
"use strict";
(() => {
  const name = (row, i) => row.querySelector("td.original p")?.textContent.trim() || `new row ${i + 1}`;

  const labelTable = (table) => {
    const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const original = table.querySelector("thead th.original");
    if (original && !original.textContent.trim()) {
      original.innerHTML = '<span class="visually-hidden">Order</span>';
    }
    [...table.querySelectorAll("tbody tr.form-row:not(.empty-form)")].forEach((row, i) => {
      [...row.children].forEach((cell, column) => {
        const header = headers[column];
        if (!header) return;
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((field) => {
          if (field.labels?.length) return;
          field.setAttribute("aria-label", `${header.replace(/\?$/, "")}, ${name(row, i)}`);
        });
      });
    });
    nameSelect2Boxes(table);
  };

  // select2 draws its own combobox in place of a <select>, whenever jQuery gets round to it
  // (and again on every choice); give it the select's name each time it appears.
  const nameSelect2Boxes = (table) => {
    table.querySelectorAll("select[aria-label]").forEach((select) => {
      const boxes = select.parentElement.querySelectorAll(
        ".select2-selection[role=combobox], .select2-selection__rendered[role=textbox]",
      );
      boxes.forEach((box) => box.setAttribute("aria-label", select.getAttribute("aria-label")));
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".tabular table").forEach((table) => {
      labelTable(table);
      new MutationObserver(() => nameSelect2Boxes(table)).observe(table, {
        childList: true,
        subtree: true,
      });
    });
  });
  document.addEventListener("formset:added", (event) => {
    const table = event.target.closest(".tabular table");
    if (table) labelTable(table);
  });
})();
