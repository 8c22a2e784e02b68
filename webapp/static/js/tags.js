// Topic and support-type suggestions on the need and offer forms (templates/_macros/tags.html).
// While the person writes the title and description, ask /suggest-tags (debounced) what the text
// suggests and show each suggestion as a button ("chip") in the polite live region; a click ticks
// its checkbox and the chip goes. Ticked labels are never suggested. Without script the same chips
// come from the form's "Suggest topics from my description" button, as submit buttons.
(function () {
  "use strict";
  var box = document.querySelector("[data-tag-suggest]");
  if (!box || !window.fetch || !window.FormData) return;
  var form = box.closest("form");
  var region = box.querySelector("[data-tag-chips]");
  var title = form && form.querySelector("[name=title]");
  var description = form && form.querySelector("[name=description]");
  if (!region || !title || !description) return;
  var token = form.querySelector("[name=csrf_token]");
  var FIELDS = { topics: "add_topic", support_types: "add_support" };
  var WORDS = { topics: box.getAttribute("data-topic-words"), support_types: box.getAttribute("data-support-words") };
  var DELAY = 500;
  var latest = null; // the last answer: {topics: [{slug, label}], support_types: [...]}
  var asked = "";
  var timer = null;
  var seq = 0;

  function checkbox(kind, slug) {
    var boxes = form.querySelectorAll('input[type=checkbox][name="' + kind + '"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].value === slug) return boxes[i];
    return null;
  }

  function open() {
    var items = [];
    if (!latest) return items;
    Object.keys(FIELDS).forEach(function (kind) {
      (latest[kind] || []).forEach(function (item) {
        var input = checkbox(kind, item.slug);
        if (input && !input.checked) items.push({ kind: kind, slug: item.slug, label: item.label });
      });
    });
    return items;
  }

  function chip(item) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "chip";
    button.name = FIELDS[item.kind];
    button.value = item.slug;
    button.setAttribute("data-kind", item.kind);
    button.setAttribute("data-slug", item.slug);
    button.setAttribute("aria-label", (WORDS[item.kind] || "%(label)s").replace("%(label)s", item.label));
    button.appendChild(document.createTextNode(item.label + " "));
    var plus = document.createElement("span");
    plus.setAttribute("aria-hidden", "true");
    plus.textContent = "+";
    button.appendChild(plus);
    li.appendChild(button);
    return li;
  }

  function render() {
    if (!latest) return;
    var items = open();
    var focused = region.contains(document.activeElement);
    region.textContent = "";
    if (!items.length) return;
    var lead = document.createElement("p");
    lead.className = "tag-chips-lead";
    lead.textContent = box.getAttribute("data-lead");
    var list = document.createElement("ul");
    list.className = "chip-list";
    items.forEach(function (item) { list.appendChild(chip(item)); });
    region.appendChild(lead);
    region.appendChild(list);
    if (items.length > 1) {
      var p = document.createElement("p");
      var all = document.createElement("button");
      all.type = "submit";
      all.name = "action";
      all.value = "suggest-all";
      all.className = "button button-secondary button-small";
      all.setAttribute("data-tag-all", "");
      all.textContent = box.getAttribute("data-all");
      p.appendChild(all);
      region.appendChild(p);
    }
    if (focused) list.querySelector("button").focus();
  }

  function ask() {
    var text = { title: title.value.slice(0, 200), description: description.value.slice(0, 5000) };
    var key = text.title + "\u0000" + text.description;
    if (key === asked) return;
    asked = key;
    if ((text.title + text.description).trim().length < 3) {
      latest = { topics: [], support_types: [] };
      render();
      return;
    }
    var body = new FormData();
    body.append("title", text.title);
    body.append("description", text.description);
    if (token) body.append("csrf_token", token.value);
    var mine = ++seq;
    fetch(box.getAttribute("data-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && mine === seq) {
          latest = answer;
          render();
        }
      })
      .catch(function () { /* keep what is shown; the form's button still works */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, DELAY);
  }

  function tick(button) {
    var input = checkbox(button.getAttribute("data-kind"), button.getAttribute("data-slug"));
    if (!input) return false;
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  region.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !region.contains(button)) return;
    if (button.hasAttribute("data-tag-all")) {
      event.preventDefault();
      region.querySelectorAll("button[data-slug]").forEach(tick);
      if (latest) render();
      else region.textContent = "";
      description.focus();
      return;
    }
    if (!button.hasAttribute("data-slug") || !tick(button)) return;
    event.preventDefault();
    var li = button.closest("li");
    var next = li && (li.nextElementSibling || li.previousElementSibling);
    if (latest) render();
    else if (li) li.remove();
    var again = next && region.querySelector('button[data-slug="' + next.querySelector("button").getAttribute("data-slug") + '"]');
    (again || region.querySelector("button") || description).focus();
  });

  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (latest && (name === "topics" || name === "support_types")) render();
  });
  title.addEventListener("input", later);
  description.addEventListener("input", later);
  if ((title.value + description.value).trim().length >= 3) ask();
})();
