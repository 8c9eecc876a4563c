// The inspection form's 「全部符合」: sets every checklist item not yet answered to 符合, so that the inspector
// only changes the items that fall short. Nothing is saved until the form is submitted; items already answered
// keep their answer.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-fill-findings]").forEach((button) => {
    const form = button.closest("form");
    const status = form.querySelector("[data-fill-status]");
    button.hidden = false;
    form.querySelectorAll("[data-fill-help]").forEach((help) => {
      help.hidden = false;
    });
    button.addEventListener("click", () => {
      let filled = 0;
      form.querySelectorAll("select[data-finding-result]").forEach((select) => {
        if (select.value === "") {
          select.value = button.dataset.fillFindings;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          filled += 1;
        }
      });
      if (status) {
        status.textContent = filled
          ? `已将${filled}个未填写的项目设为“符合”。请逐项核对，修改不符合的项目后再保存。`
          : "所有项目都已填写，未作改动。";
      }
    });
  });
});
