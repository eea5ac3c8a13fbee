/* Reader preferences (text size, high contrast), kept in this browser only: no cookie, no server. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["normal", "large", "larger"];
  function get(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function set(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function apply() {
    var size = get("prongsai-text-size");
    root.setAttribute("data-text-size", SIZES.indexOf(size) >= 0 ? size : "normal");
    root.setAttribute("data-contrast", get("prongsai-contrast") === "high" ? "high" : "normal");
  }
  apply();
  function sync() {
    var size = root.getAttribute("data-text-size");
    var buttons = document.querySelectorAll("[data-set-size]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-set-size") === size));
    }
    var contrast = document.querySelector("[data-toggle-contrast]");
    if (contrast) { contrast.setAttribute("aria-pressed", String(root.getAttribute("data-contrast") === "high")); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var controls = document.querySelector(".reader-controls");
    if (controls) { controls.hidden = false; }
    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-set-size],[data-toggle-contrast]") : null;
      if (!target) { return; }
      if (target.hasAttribute("data-set-size")) {
        set("prongsai-text-size", target.getAttribute("data-set-size"));
      } else {
        set("prongsai-contrast", root.getAttribute("data-contrast") === "high" ? "normal" : "high");
      }
      apply();
      sync();
    });
    sync();
  });
})();
