// The offer and event forms' eligibility picker: say, live, how many States the ticked items cover.
// The item -> [ISO3, ...] map is the page's <script type="application/json" id="eligibility-data">;
// the sentences are the server's, in the reader's language (<script id="eligibility-words">:
// webapp/presentation.py, eligibility_words), chosen by Intl.PluralRules for the count.
(function () {
  "use strict";
  var picker = document.querySelector("[data-eligibility]");
  var source = document.getElementById("eligibility-data");
  var outs = picker ? picker.querySelectorAll("[data-eligibility-count]") : [];
  if (!source || !outs.length) return;
  var map, words;
  try {
    map = JSON.parse(source.textContent);
    words = JSON.parse(document.getElementById("eligibility-words").textContent);
  } catch (e) {
    return; // keep the server's sentence
  }
  var stateNames = {};
  try {
    JSON.parse(document.getElementById("eligibility-states").textContent).states.forEach(
      function (pair) { stateNames[pair[0]] = pair[1]; });
  } catch (e) { /* the count still covers groups and regions */ }
  var rules = new Intl.PluralRules(document.documentElement.lang || "en");

  function say(forms, n, shown) {
    var text = forms[rules.select(n)] || forms.other || "";
    return text.replace("%(num)d", String(n)).replace("%(shown)s", shown);
  }

  function chosen() {
    var items = [];
    var seen = {};
    function add(value, label) {
      if (!value || seen[value]) return;
      seen[value] = true;
      items.push({ value: value, label: label || value });
    }
    picker.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      add(box.value, box.getAttribute("data-label"));
    });
    var single = picker.querySelector("[name=eligible_states]"); // codes (state-picker.js)
    if (single) {
      single.value.split(/[,;\n\u060c\uff0c\u3001]+/).forEach(function (piece) {
        var code = piece.trim().toUpperCase();
        if (stateNames[code]) add(code, stateNames[code]);
      });
    }
    return items;
  }

  function summary(items) {
    if (!items.length) return words.all;
    var states = {};
    items.forEach(function (item) {
      (map[item.value] || []).forEach(function (code) { states[code] = true; });
    });
    var n = Object.keys(states).length;
    var labels = items.map(function (item) { return item.label; });
    var shown = labels.slice(0, 3).join(", ");
    if (labels.length > 3) shown = say(words.more, labels.length - 3, shown);
    return say(words.open_to, n, shown);
  }

  function update() {
    var text = summary(chosen());
    outs.forEach(function (out) { out.textContent = text; });
  }

  var preview = document.querySelector("[data-eligibility-preview]");
  if (preview) preview.hidden = true; // the count is live; the button serves browsers without JS
  picker.addEventListener("change", update);
  update();
})();
