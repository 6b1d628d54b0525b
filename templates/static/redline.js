// The redline page's view switch works without script (its links change the address's
// fragment, and the stylesheet shows the view that is the :target). This only tells
// assistive technology which view is on: aria-current on its link, as the address changes.
(function () {
  "use strict";
  var links = document.querySelectorAll(".rl-views a");
  var views = ["#side-by-side", "#changes"];
  function mark() {
    var on = views.indexOf(window.location.hash) >= 0 ? window.location.hash : "#inline";
    Array.prototype.forEach.call(links, function (a) {
      if (a.getAttribute("href") === on) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
