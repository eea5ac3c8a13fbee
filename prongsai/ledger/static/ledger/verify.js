// Progressive enhancement for /verify/: compute the SHA-256 of the chosen file in the browser, so
// the file itself is never sent. Without JavaScript (or without Web Crypto) the form uploads it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-ledger-verify]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.FileReader) return;
  var fileInput = form.querySelector("input[type=file]");
  var shaInput = form.querySelector("input[name=sha256]");
  var status = form.querySelector("[data-ledger-status]");
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    status.textContent = status.getAttribute("data-working") || "…";
    file.arrayBuffer().then(function (buffer) {
      return window.crypto.subtle.digest("SHA-256", buffer);
    }).then(function (digest) {
      var hex = Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
      shaInput.value = hex;
      fileInput.value = "";
      status.textContent = "SHA-256: " + hex;
    }).catch(function () {
      status.textContent = "";
    });
  });
})();
