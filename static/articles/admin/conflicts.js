// "Use their version" on a refused save: put the saved text back into the form fields, or
// remove the editor's copy of a row someone else deleted. Saving stays the editor's choice.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest(".use-theirs");
  if (!button) {
    return;
  }
  const inputs = JSON.parse(document.getElementById(button.dataset.inputs).textContent);
  for (const [name, value] of Object.entries(inputs)) {
    const field = document.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!field) {
      continue;
    }
    if (field.type === "checkbox") {
      field.checked = value === "on";
    } else {
      field.value = value;
    }
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }
  if (button.dataset.removeRow) {
    const row = document.getElementById(button.dataset.removeRow);
    const remove = row && row.querySelector(".inline-deletelink");
    if (remove) {
      remove.click();
    }
  }
  button.disabled = true;
  button.textContent = "Their version is in the form";
});
