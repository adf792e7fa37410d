// Tabs: one visible panel per tab list; arrow keys move between tabs; a link to a sample opens its tab.
(function () {
  var lists = Array.prototype.slice.call(document.querySelectorAll('[role="tablist"]'));
  var selectors = [];
  lists.forEach(function (list) {
    var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute('aria-selected', on ? 'true' : 'false');
        t.tabIndex = on ? 0 : -1;
        var panel = document.getElementById(t.getAttribute('aria-controls'));
        if (panel) panel.hidden = !on;
      });
      if (focus) tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener('click', function () {
        select(tab, false);
      });
      tab.addEventListener('keydown', function (event) {
        var step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        if (step) select(tabs[(i + step + tabs.length) % tabs.length], true);
      });
    });
    var initial =
      tabs.filter(function (t) {
        return t.getAttribute('aria-selected') === 'true';
      })[0] || tabs[0];
    if (initial) select(initial, false);
    selectors.push(function (panelId) {
      var tab = tabs.filter(function (t) {
        return t.getAttribute('aria-controls') === panelId;
      })[0];
      if (tab) select(tab, false);
    });
  });
  function openHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var panel = target && target.closest('[role="tabpanel"]');
    if (panel)
      selectors.forEach(function (s) {
        s(panel.id);
      });
    if (panel) target.scrollIntoView();
  }
  window.addEventListener('hashchange', openHash);
  openHash();
})();
