// The live board refreshes on its own, but never while a form in it is open or being typed in.
window.pacnetBoardIdle = function () {
  const board = document.getElementById("board");
  if (!board || document.hidden) return false;
  if (board.querySelector("details[open]")) return false;
  const active = document.activeElement;
  return !(board.contains(active) && active.matches("input, select, textarea"));
};

// A person added to the queue: the form is emptied for the next one (kept when refused).
document.addEventListener("htmx:afterSwap", function (event) {
  const form = document.querySelector("#queue-add form");
  if (!form || event.detail.requestConfig.elt !== form) return;
  if (!document.querySelector("#board [data-error]")) form.reset();
});
