// The header. On phones its links fold behind a "Menu" button; without scripts they stay listed.
// Its menus are disclosures (<details>, opened by click, Enter or Space without any script); here
// Escape closes one and gives the focus back to its name, and a menu closes when the focus or a
// click goes elsewhere, or another menu opens (the WAI-ARIA disclosure navigation pattern).
// Loaded in <head>, so that the folded state applies before the first paint.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var groups = Array.prototype.slice.call(document.querySelectorAll("details[data-nav-group]"));
  function close(group, focus) {
    if (!group.open) return;
    group.open = false;
    if (focus) group.querySelector("summary").focus();
  }
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) groups.forEach(function (other) { if (other !== group) close(other, false); });
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && group.open) {
        event.preventDefault();
        event.stopPropagation();
        close(group, true);
      }
    });
    group.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !group.contains(event.relatedTarget)) close(group, false);
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (!group.contains(event.target)) close(group, false); });
  });

  var button = document.querySelector(".nav-toggle");
  var nav = document.getElementById(button ? button.getAttribute("aria-controls") : "");
  if (!button || !nav) return;
  button.hidden = false;
  function fold(open) {
    nav.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () { fold(!nav.classList.contains("open")); });
  // Escape in the unfolded list (no menu of it open) folds it again, back on the button.
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("open") && getComputedStyle(button).display !== "none") {
      fold(false);
      button.focus();
    }
  });
});
