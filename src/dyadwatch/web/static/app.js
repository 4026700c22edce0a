// Tiny progressive enhancement; every page works without it.
// Empty filter fields are dropped from the query string so shared links stay short.
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  if (!form.classList || !form.classList.contains("filters")) return;
  Array.prototype.forEach.call(form.elements, function (el) {
    if (el.name && !el.value) el.disabled = true;
  });
});
