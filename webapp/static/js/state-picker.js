// The single States of an eligibility picker as a type-ahead with removable chips.
//
// Without script the field is a text box of ISO3 codes or names separated by commas
// (webapp/form_fields.py, StatesField). This script turns that box into an ARIA 1.2 combobox
// with a listbox of the States matching what is typed (by name in the reader's language or by
// ISO3 code); the chosen States are chips before it. The codes go to the server under the
// field's own name, in a hidden input, in the format the box takes; text left in the box that
// names no State is sent too, so the server says which word it did not know.
// Keys: arrows move in the list, Enter adds, Escape closes (then clears), Backspace in the empty
// box removes the last chip, Backspace or Delete on a chip removes it.
(function () {
  "use strict";
  var input = document.querySelector("input[data-state-picker]");
  var source = document.getElementById("eligibility-states");
  if (!input || !source) return;
  var data;
  try {
    data = JSON.parse(source.textContent);
  } catch (e) {
    return; // the text box works as it is
  }
  var words = data.words;
  var rules = new Intl.PluralRules(document.documentElement.lang || "en");
  var SEPARATORS = /[,;\n\u060c\uff0c\u3001]+/;

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }
  function count(forms, n) {
    return fill(forms[rules.select(n)] || forms.other || "", { num: n });
  }

  var states = data.states.map(function (pair) {
    return { code: pair[0], name: pair[1], key: fold(pair[1]), lower: pair[0].toLowerCase() };
  });
  var byKey = {};
  states.forEach(function (s) { byKey[s.key] = s; byKey[s.lower] = s; });
  var byCode = {};
  states.forEach(function (s) { byCode[s.code] = s; });

  // --- the elements -------------------------------------------------------------------------
  var name = input.name;
  var hidden = document.createElement("input");
  hidden.type = "hidden";
  hidden.name = name;
  input.removeAttribute("name");
  input.parentNode.insertBefore(hidden, input);

  var listId = input.id + "-options";
  var wrap = document.createElement("div");
  wrap.className = "state-picker";
  input.parentNode.insertBefore(wrap, input);
  var chips = document.createElement("ul");
  chips.className = "state-chips";
  chips.setAttribute("aria-label", words.chips);
  var box = document.createElement("div");
  box.className = "state-combo";
  var list = document.createElement("ul");
  list.id = listId;
  list.className = "state-options";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", words.options);
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  status.setAttribute("role", "status");
  wrap.appendChild(chips);
  wrap.appendChild(box);
  box.appendChild(input);
  box.appendChild(list);
  wrap.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("autocomplete", "off");
  var hint = document.getElementById(input.id + "-hint");
  if (hint && words.hint) hint.textContent = words.hint;

  // --- what is chosen -----------------------------------------------------------------------
  var chosen = [];
  var left = [];
  (data.codes || []).forEach(function (code) { if (byCode[code]) chosen.push(code); });
  input.value.split(SEPARATORS).forEach(function (piece) {
    if (!piece.trim()) return;
    var state = byKey[fold(piece)];
    if (state) {
      if (chosen.indexOf(state.code) < 0) chosen.push(state.code);
    } else {
      left.push(piece.trim());
    }
  });
  input.value = left.join(", ");

  function sync() {
    var parts = chosen.slice();
    if (input.value.trim()) parts.push(input.value.trim());
    hidden.value = parts.join(", ");
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function drawChips() {
    chips.textContent = "";
    chips.hidden = !chosen.length;
    chosen.forEach(function (code) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "state-chip";
      button.setAttribute("data-code", code);
      button.setAttribute("aria-label", fill(words.remove, { name: byCode[code].name }));
      button.textContent = byCode[code].name + " ";
      var cross = document.createElement("span");
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "\u00d7";
      button.appendChild(cross);
      item.appendChild(button);
      chips.appendChild(item);
    });
  }

  function say(text) {
    status.textContent = text;
  }

  function add(code) {
    if (chosen.indexOf(code) < 0) chosen.push(code);
    input.value = "";
    drawChips();
    close();
    sync();
    say(fill(words.added, { name: byCode[code].name }) + " " + count(words.chosen, chosen.length));
  }

  function remove(code, focusAfter) {
    var at = chosen.indexOf(code);
    if (at < 0) return;
    chosen.splice(at, 1);
    drawChips();
    sync();
    say(fill(words.removed, { name: byCode[code].name }) + " " + count(words.chosen, chosen.length));
    var next = chips.querySelectorAll(".state-chip")[Math.min(at, chosen.length - 1)];
    if (focusAfter && next) next.focus();
    else input.focus();
  }

  // --- the list ------------------------------------------------------------------------------
  var shown = [];
  var active = -1;

  function matches(text) {
    var q = fold(text);
    var found = states.filter(function (s) { return chosen.indexOf(s.code) < 0; });
    if (!q) return found;
    var ranked = [];
    found.forEach(function (s) {
      var rank = s.lower === q ? 0 : s.key.indexOf(q) === 0 ? 1
        : (" " + s.key).indexOf(" " + q) >= 0 ? 2 : s.key.indexOf(q) >= 0 ? 3
        : s.lower.indexOf(q) === 0 ? 4 : -1;
      if (rank >= 0) ranked.push({ state: s, rank: rank });
    });
    ranked.sort(function (a, b) { return a.rank - b.rank; }); // stable: the server's order
    return ranked.map(function (r) { return r.state; });
  }

  function open(text, first) {
    shown = matches(text);
    list.textContent = "";
    shown.forEach(function (s) {
      var option = document.createElement("li");
      option.id = listId + "-" + s.code;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-code", s.code);
      option.textContent = s.name + " ";
      var code = document.createElement("span");
      code.className = "state-code";
      code.textContent = s.code;
      option.appendChild(code);
      list.appendChild(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    move(shown.length && first ? 0 : -1);
    if (text.trim()) {
      say(shown.length ? count(words.found, shown.length)
        : fill(words.none, { text: fill(words.quote, { value: text.trim() }) }));
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function move(to) {
    var options = list.children;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "false");
      options[active].classList.remove("is-active");
    }
    active = to;
    if (to < 0 || !options[to]) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      return;
    }
    options[to].setAttribute("aria-selected", "true");
    options[to].classList.add("is-active");
    input.setAttribute("aria-activedescendant", options[to].id);
    var top = options[to].offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + options[to].offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = top + options[to].offsetHeight - list.clientHeight;
    }
  }

  // --- events --------------------------------------------------------------------------------
  input.addEventListener("input", function () {
    if (input.value.trim()) open(input.value, true);
    else close();
    sync();
  });

  input.addEventListener("keydown", function (event) {
    var isOpen = !list.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen) open(input.value, true);
        else if (shown.length) move(active + 1 < shown.length ? active + 1 : 0);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!isOpen) open(input.value, false);
        if (shown.length) move(active > 0 ? active - 1 : shown.length - 1);
        break;
      case "Enter":
        if (isOpen && active >= 0) {
          event.preventDefault();
          add(shown[active].code);
        } else if (input.value.trim()) {
          event.preventDefault(); // not a save with a half-typed name
          var exact = byKey[fold(input.value)];
          if (exact && chosen.indexOf(exact.code) < 0) add(exact.code);
          else open(input.value, true);
        }
        break;
      case "Escape":
        if (isOpen) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          sync();
        }
        break;
      case "Backspace":
        if (!input.value && chosen.length) {
          event.preventDefault();
          remove(chosen[chosen.length - 1], false);
        }
        break;
      case "Tab":
        close();
        break;
    }
  });

  input.addEventListener("blur", function () { close(); });
  input.addEventListener("click", function () {
    if (list.hidden && input.value.trim()) open(input.value, true);
  });

  list.addEventListener("mousedown", function (event) {
    event.preventDefault(); // keep the focus in the box
  });
  list.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) add(option.getAttribute("data-code"));
    input.focus();
  });

  chips.addEventListener("click", function (event) {
    var chip = event.target.closest(".state-chip");
    if (chip) remove(chip.getAttribute("data-code"), false);
  });
  chips.addEventListener("keydown", function (event) {
    var chip = event.target.closest(".state-chip");
    if (!chip) return;
    if (event.key === "Backspace" || event.key === "Delete") {
      event.preventDefault();
      remove(chip.getAttribute("data-code"), true);
    }
  });

  var form = input.form;
  if (form) form.addEventListener("submit", sync);

  drawChips();
  sync();
})();
