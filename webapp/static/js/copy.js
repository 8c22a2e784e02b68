// A "Copy" button beside a read-only box (the access token shown once). Without script the
// button stays hidden and the box is selected and copied by hand.
(function () {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var box = document.getElementById(button.getAttribute("data-copy"));
    if (!box || !navigator.clipboard) { return; }
    var label = button.textContent;
    button.hidden = false;
    box.addEventListener("focus", function () { box.select(); });
    button.addEventListener("click", function () {
      box.select();
      navigator.clipboard.writeText(box.value).then(function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
