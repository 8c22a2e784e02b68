// On a phone the dashboard's heatmaps show one region's column beside the rows' names. The form
// works without script (it reloads with ?region=); here the choice applies at once, the address
// keeping it, and the form's button is not needed.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("[data-region-pick]");
  if (!form) return;
  var select = form.querySelector("select[name=region]");
  form.querySelector("button[type=submit]").hidden = true;
  select.addEventListener("change", function () {
    var picked = select.value;
    document.querySelectorAll("figure.heatmap").forEach(function (figure) {
      figure.classList.toggle("heat-one", picked !== "");
      figure.querySelectorAll("[data-region]").forEach(function (cell) {
        cell.classList.toggle("heat-other", picked !== "" && cell.getAttribute("data-region") !== picked);
      });
    });
    var url = new URL(window.location.href);
    if (picked) url.searchParams.set("region", picked); else url.searchParams.delete("region");
    history.replaceState(null, "", url);
  });
});
