// The page's own script: charts embedded from the JSON beside them, and the replay's month stepping
// (buttons, slider, arrow keys), each step fetching the month's panel with htmx.
(function () {
  "use strict";

  function embedCharts(root) {
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.embedded) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      el.dataset.embedded = "1";
      vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .then(function (embedded) { el.view = embedded.view; syncMonth(); });
    });
  }

  function syncMonth() {
    var panel = document.querySelector("#month [data-month]");
    var chart = document.querySelector("[data-chart='power-spec']");
    if (panel && chart && chart.view) chart.view.signal("shown", panel.dataset.month).runAsync();
  }

  function replay() { return document.getElementById("replay"); }
  function slider() { return document.getElementById("month-slider"); }

  function goTo(month) {
    var r = replay();
    var last = parseInt(r.dataset.last, 10);
    month = Math.max(0, Math.min(last, month));
    slider().value = month;
    htmx.ajax("GET", r.dataset.panel + "&month=" + month, { target: "#month", swap: "innerHTML" });
    history.replaceState(null, "", r.dataset.page + "&month=" + month);
  }

  function current() { return parseInt(slider().value, 10); }

  function setUpReplay(r) {
    var last = parseInt(r.dataset.last, 10);
    r.querySelectorAll("[data-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = button.dataset.step;
        goTo(step === "first" ? 0 : step === "last" ? last : current() + parseInt(step, 10));
      });
    });
    slider().addEventListener("input", function () { goTo(current()); });
    document.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
      if (event.key === "ArrowRight") { goTo(current() + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft") { goTo(current() - 1); event.preventDefault(); }
    });
  }

  function setUpSliders() {
    document.querySelectorAll(".slider input[type=range]").forEach(function (input) {
      input.addEventListener("input", function () {
        input.nextElementSibling.textContent = Number(input.value).toPrecision(3);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    embedCharts(document);
    setUpSliders();
    if (replay()) setUpReplay(replay());
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    embedCharts(document);
    syncMonth();
  });
})();
