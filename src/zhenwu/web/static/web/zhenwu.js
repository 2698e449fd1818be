// Behaviour that pages declare with data attributes, so no page needs an inline script or handler
// (the Content-Security-Policy allows scripts from this site only).
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-fill-login]").forEach(function (el) {
    el.addEventListener("click", function () {
      document.getElementById("id_username").value = el.getAttribute("data-fill-login");
      document.getElementById("id_password").value = el.getAttribute("data-fill-password");
      document.getElementById("id_password").focus();
    });
  });
  document.querySelectorAll("[data-back]").forEach(function (el) {
    el.addEventListener("click", function (ev) { ev.preventDefault(); window.history.back(); });
  });
})();
