{#- The worksheet page's only script: keeps answers in this browser's local storage and
    nowhere else, brings them back, and erases them when asked. It sends nothing (the page's
    content security policy would stop it if it tried). What it says is not written here: the
    page gives its words, in the page's language, as the status line's data- attributes. -#}
(function () {
  "use strict";
  var key = document.documentElement.getAttribute("data-answers");
  var controls = Array.prototype.slice.call(document.querySelectorAll("[data-keep]"));
  var status = document.getElementById("answers-status");
  var confirmBox = document.getElementById("erase-confirm");
  var PREFIX = "worksheet-answers-";
  var erasing = null;  // the button that opened the question: "week" or "all"

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  // One of the status line's sentences, by name: data-not-kept, data-restored and so on.
  function say(name) { status.textContent = status.getAttribute("data-" + name) || ""; }

  function gather() {
    var answers = {};
    controls.forEach(function (control) {
      if (control.type === "radio") {
        if (control.checked) { answers[control.name] = control.value; }
      } else if (control.type === "checkbox") {
        if (control.checked) { answers[control.id] = true; }
      } else if (control.value) {
        answers[control.id] = control.value;
      }
    });
    return answers;
  }

  function save() {
    var store = storage();
    if (!store) { return; }
    var answers = gather();
    try {
      if (Object.keys(answers).length) {
        store.setItem(key, JSON.stringify(answers));
      } else {
        store.removeItem(key);
      }
    } catch (error) {
      say("not-kept");
    }
  }

  function restore() {
    var store = storage();
    if (!store) {
      say("not-keeping");
      return;
    }
    var answers = null;
    try { answers = JSON.parse(store.getItem(key) || "null"); } catch (error) { answers = null; }
    if (!answers || typeof answers !== "object") { return; }
    controls.forEach(function (control) {
      if (control.type === "radio") {
        control.checked = answers[control.name] === control.value;
      } else if (control.type === "checkbox") {
        control.checked = answers[control.id] === true;
      } else if (typeof answers[control.id] === "string") {
        control.value = answers[control.id];
      }
    });
    say("restored");
  }

  function clear(everyWeek) {
    var store = storage();
    try {
      if (store) {
        store.removeItem(key);
        if (everyWeek) {
          // Every week's page keeps its answers under a key of its own, all with one prefix.
          for (var index = store.length - 1; index >= 0; index -= 1) {
            var name = store.key(index);
            if (name && name.indexOf(PREFIX) === 0) { store.removeItem(name); }
          }
        }
      }
    } catch (error) { /* nothing kept */ }
    controls.forEach(function (control) {
      if (control.type === "radio" || control.type === "checkbox") {
        control.checked = false;
      } else {
        control.value = "";
      }
    });
  }

  function showConfirm(button) {
    if (erasing) { erasing.setAttribute("aria-expanded", "false"); }
    erasing = button;
    confirmBox.hidden = !button;
    if (!button) { return; }
    button.setAttribute("aria-expanded", "true");
    Array.prototype.forEach.call(confirmBox.querySelectorAll("[data-for]"), function (part) {
      part.hidden = part.getAttribute("data-for") !== button.getAttribute("data-erase");
    });
    document.getElementById("erase-no").focus();
  }

  function closeConfirm() {
    var button = erasing;
    showConfirm(null);
    if (button) { button.focus(); }
  }

  controls.forEach(function (control) {
    control.addEventListener(control.type === "radio" || control.type === "checkbox"
                             ? "change" : "input", save);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-erase]"), function (button) {
    button.addEventListener("click", function () { showConfirm(button); });
  });
  document.getElementById("erase-no").addEventListener("click", closeConfirm);
  confirmBox.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeConfirm(); }
  });
  document.getElementById("erase-yes").addEventListener("click", function () {
    var everyWeek = erasing && erasing.getAttribute("data-erase") === "all";
    clear(everyWeek);
    closeConfirm();
    say(everyWeek ? "erased-all" : "erased-week");
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-clear]"), function (button) {
    button.addEventListener("click", function () {
      var name = button.getAttribute("data-clear");
      controls.forEach(function (control) {
        if (control.type === "radio" && control.name === name) { control.checked = false; }
      });
      save();
    });
  });
  document.getElementById("print").addEventListener("click", function () { window.print(); });
  window.addEventListener("beforeprint", function () {
    // Browsers without "field-sizing" print a box's visible part only: show all of it.
    Array.prototype.forEach.call(document.querySelectorAll("textarea"), function (box) {
      box.style.height = "";
      if (box.scrollHeight > box.clientHeight) { box.style.height = box.scrollHeight + 4 + "px"; }
    });
  });
  restore();
}());
