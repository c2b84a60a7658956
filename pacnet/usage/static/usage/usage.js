// The computer tiles refresh on their own, but never while someone is typing into them.
window.pacnetTilesIdle = function () {
  const tiles = document.getElementById("computers");
  if (!tiles) return false;
  if (tiles.contains(document.activeElement) && document.activeElement.matches("input, select")) {
    return false;
  }
  return ![...tiles.querySelectorAll("input[name=person_code]")].some((i) => i.value.trim());
};
