(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var search = document.getElementById("search");
  var technique = document.getElementById("technique");
  var shown = document.getElementById("shown");
  var noMatch = document.getElementById("no-match");
  // Each card's text, folded once: the search matches every word typed, anywhere in the card.
  var haystacks = cards.map(function (card) { return card.textContent.toLowerCase(); });

  function applyFilters() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = technique.value;
    var visible = 0;
    cards.forEach(function (card, i) {
      var tags = (card.getAttribute("data-techniques") || "").split(" ");
      var ok = (!wanted || tags.indexOf(wanted) >= 0) &&
        words.every(function (w) { return haystacks[i].indexOf(w) >= 0; });
      card.hidden = !ok;
      if (ok) { visible += 1; }
    });
    shown.textContent = visible + " / " + cards.length + " 篇";
    noMatch.hidden = visible > 0;
  }

  search.addEventListener("input", applyFilters);
  technique.addEventListener("change", applyFilters);

  // A bar of the techniques chart filters the papers by that technique.
  Array.prototype.forEach.call(document.querySelectorAll("g[data-technique]"), function (bar) {
    function choose() {
      technique.value = bar.getAttribute("data-technique");
      applyFilters();
      document.getElementById("papers").scrollIntoView({ behavior: "smooth" });
    }
    bar.addEventListener("click", choose);
    bar.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); } });
  });

  // The results table sorts on a header click: numbers by value, text by the Chinese collation.
  var table = document.getElementById("results-table");
  if (table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("th[data-type]"));
    var collator = new Intl.Collator("zh-CN", { numeric: true });
    headers.forEach(function (th) {
      th.querySelector("button").addEventListener("click", function () {
        var column = Array.prototype.indexOf.call(th.parentNode.children, th);
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-type") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-value"), y = b.cells[column].getAttribute("data-value");
          var order = numeric ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  // Printed, every abstract is shown.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.abstract"), function (d) { d.open = true; });
  });
})();
