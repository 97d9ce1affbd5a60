{#- The worksheet page's only script: keeps answers in this browser's local storage and
    nowhere else, brings them back, and erases them when asked. It sends nothing (the page's
    content security policy would stop it if it tried). -#}
(function () {
  "use strict";
  var key = document.documentElement.getAttribute("data-answers");
  var controls = Array.prototype.slice.call(document.querySelectorAll("[data-keep]"));
  var status = document.getElementById("answers-status");
  var erase = document.getElementById("erase");
  var confirmBox = document.getElementById("erase-confirm");

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function say(text) { status.textContent = text; }

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
      say("This browser would not keep your answers. Print the page, or write them on paper.");
    }
  }

  function restore() {
    var store = storage();
    if (!store) {
      say("This browser is not keeping answers. Print the page, or write them on paper.");
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
    say("Your answers from before are back. They are kept only in this browser.");
  }

  function clear() {
    var store = storage();
    try { if (store) { store.removeItem(key); } } catch (error) { /* nothing kept */ }
    controls.forEach(function (control) {
      if (control.type === "radio" || control.type === "checkbox") {
        control.checked = false;
      } else {
        control.value = "";
      }
    });
  }

  function showConfirm(open) {
    confirmBox.hidden = !open;
    erase.setAttribute("aria-expanded", open ? "true" : "false");
  }

  controls.forEach(function (control) {
    control.addEventListener(control.type === "radio" || control.type === "checkbox" ||
                             control.type === "date" ? "change" : "input", save);
  });
  erase.addEventListener("click", function () {
    showConfirm(true);
    document.getElementById("erase-no").focus();
  });
  document.getElementById("erase-no").addEventListener("click", function () {
    showConfirm(false);
    erase.focus();
  });
  document.getElementById("erase-yes").addEventListener("click", function () {
    clear();
    showConfirm(false);
    erase.focus();
    say("Your answers on this page are erased from this browser.");
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
