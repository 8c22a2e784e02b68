// After a failed submit the page opens on its errors: the error summary (or, where a form shows
// none, the error message or the first invalid field) takes the focus, so that a screen reader
// reads it first and the keyboard starts from it. A link of the summary focuses the field it
// names, not just scrolls to it. Without scripts the summary is still first in the page.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector(".error-summary, .flash-error, [aria-invalid='true']");
  if (!target) return;
  target.focus();
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      // a group of radios or checkboxes: its first box takes the focus
      if (field && !field.matches("input, select, textarea, button")) {
        field = field.querySelector("input:not([type=hidden]), select, textarea") || field;
      }
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  });
});
