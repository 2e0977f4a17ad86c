(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-decision]"));
  var parts = Array.prototype.slice.call(document.querySelectorAll("section.part"));
  var search = document.getElementById("search");
  var decision = document.getElementById("decision");
  var shown = document.getElementById("shown");
  var noMatch = document.getElementById("no-match");
  // Each row's text, folded once: the search matches every word typed, anywhere in the row.
  var haystacks = rows.map(function (row) { return row.textContent.toLowerCase(); });

  function matches(row, i, words, wanted) {
    return (!wanted || row.getAttribute("data-decision") === wanted) &&
      words.every(function (w) { return haystacks[i].indexOf(w) >= 0; });
  }

  search.addEventListener("input", update);
  decision.addEventListener("change", update);

  function update() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var visible = 0;
    rows.forEach(function (row, i) {
      row.hidden = !matches(row, i, words, decision.value);
      visible += row.hidden ? 0 : 1;
    });
    parts.forEach(function (part) {
      part.querySelector(".part-count").textContent = part.querySelectorAll("tr[data-decision]:not([hidden])").length;
    });
    shown.textContent = visible + " / " + rows.length + " 条";
    noMatch.hidden = visible > 0;
  }
})();
