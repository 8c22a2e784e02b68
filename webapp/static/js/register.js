// Show only the part of the registration form that fits the chosen role.
(function () {
  var form = document.querySelector("[data-register-form]");
  if (!form) return;
  function update() {
    var chosen = form.querySelector("input[name=role]:checked");
    form.querySelectorAll("[data-role-part]").forEach(function (part) {
      part.hidden = !!chosen && part.getAttribute("data-role-part") !== chosen.value;
    });
  }
  form.addEventListener("change", update);
  update();
})();
