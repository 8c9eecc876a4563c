// Select or clear every candidate checkbox of the selection page at once.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (!all) return;
  all.addEventListener("change", () => {
    document.querySelectorAll(".candidate-check").forEach((box) => { box.checked = all.checked; });
  });
});
