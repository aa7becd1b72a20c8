// Reordering sections and related links: drag a row by its handle, or press its "Move up" /
// "Move down" buttons (the keyboard way). Either way the rows' Position numbers are rewritten
// in the new order, so the save sends plain numbers, exactly as typing them would.
"use strict";
(() => {
  const NOUNS = { sections: "section", related_links: "related link" };
  const rowPattern = (prefix) => new RegExp(`^${prefix}-\\d+$`);

  const rowsOf = (group) => {
    const pattern = rowPattern(group.dataset.orderPrefix);
    return [...group.querySelectorAll(".inline-related, tr.form-row")].filter((row) =>
      pattern.test(row.id),
    );
  };
  const positionInput = (row) => row.querySelector('input[name$="-position"]');
  const numberIn = (row) => parseInt(positionInput(row)?.value, 10);

  // The positions the rows hold between them, handed out again in the rows' new order; rows
  // with none (new ones) get the next numbers after the highest.
  const renumber = (group) => {
    const rows = rowsOf(group);
    const numbers = rows.map(numberIn).filter(Number.isFinite).sort((a, b) => a - b);
    let next = numbers.length ? numbers[numbers.length - 1] : 0;
    while (numbers.length < rows.length) numbers.push(++next);
    rows.forEach((row, i) => {
      const input = positionInput(row);
      if (input && input.value !== String(numbers[i])) {
        input.value = numbers[i];
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    label(group);
  };

  const label = (group) => {
    const noun = NOUNS[group.dataset.orderPrefix];
    rowsOf(group).forEach((row, i) => {
      row.querySelector(".order-up")?.setAttribute("aria-label", `Move ${noun} ${i + 1} up`);
      row.querySelector(".order-down")?.setAttribute("aria-label", `Move ${noun} ${i + 1} down`);
    });
  };

  const announce = (group, row) => {
    const rows = rowsOf(group);
    const noun = NOUNS[group.dataset.orderPrefix];
    const status = document.getElementById("order-status");
    status.textContent = `Moved the ${noun} to place ${rows.indexOf(row) + 1} of ${rows.length}.`;
  };

  const move = (group, row, step) => {
    const rows = rowsOf(group);
    const neighbour = rows[rows.indexOf(row) + step];
    if (!neighbour) return;
    const focused = document.activeElement;
    if (step < 0) neighbour.before(row);
    else neighbour.after(row);
    renumber(group);
    announce(group, row);
    focused?.focus(); // moving a row takes the focus away; the keyboard user keeps their place
  };

  const button = (className, text, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `order-button ${className}`;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  };

  let dragged = null;

  const addControls = (group, row) => {
    if (row.querySelector(".order-controls")) return;
    const controls = document.createElement("span");
    controls.className = "order-controls";
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.draggable = true;
    handle.title = "Drag to reorder";
    handle.setAttribute("aria-hidden", "true"); // keyboard users have the buttons
    handle.textContent = "⠿";
    let startedAt = -1;
    handle.addEventListener("dragstart", (event) => {
      dragged = row;
      startedAt = rowsOf(group).indexOf(row);
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
      event.dataTransfer.setDragImage(row, 10, 10);
    });
    // The row moves while it is dragged (dragover); where it is when the drag ends is final,
    // wherever the pointer was let go.
    handle.addEventListener("dragend", () => {
      row.classList.remove("dragging");
      dragged = null;
      if (rowsOf(group).indexOf(row) !== startedAt) {
        renumber(group);
        announce(group, row);
      }
    });
    controls.append(
      handle,
      button("order-up", "↑", () => move(group, row, -1)),
      button("order-down", "↓", () => move(group, row, +1)),
    );
    const place = row.matches("tr")
      ? row.querySelector("td.field-position")
      : row.querySelector("h3");
    place.append(controls);

    row.addEventListener("dragover", (event) => {
      if (!dragged || !rowsOf(group).includes(dragged)) return;
      event.preventDefault(); // a drop here is allowed
      if (dragged === row) return;
      const box = row.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) row.before(dragged);
      else row.after(dragged);
    });
    row.addEventListener("drop", (event) => {
      if (dragged) event.preventDefault();
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    const status = document.createElement("p");
    status.id = "order-status";
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    document.body.append(status);
    for (const prefix of Object.keys(NOUNS)) {
      const group = document.getElementById(`${prefix}-group`);
      if (!group || !group.querySelector('input[name$="-position"]')) continue; // read-only
      group.dataset.orderPrefix = prefix;
      group.classList.add("reorderable");
      rowsOf(group).forEach((row) => addControls(group, row));
      label(group);
    }
  });

  // A row added with "Add another": its controls, and the next position.
  document.addEventListener("formset:added", (event) => {
    const group = document.getElementById(`${event.detail.formsetName}-group`);
    if (!group?.dataset.orderPrefix) return;
    addControls(group, event.target);
    renumber(group);
  });
})();
