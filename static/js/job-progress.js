// Refresh a job's progress bar from its JSON status every second; reload the page once the job has ended,
// so that the server shows the download or the reason it failed.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-job-status-url]");
  if (!box) return;
  const url = box.dataset.jobStatusUrl;
  const label = box.querySelector("[data-job-label]");
  const bar = box.querySelector("[data-job-bar]");
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const status = await response.json();
        if (status.finished) {
          window.location.reload();
          return;
        }
        label.textContent = `${status.state_label}：已完成 ${status.done}` + (status.total ? ` / ${status.total}` : "");
        bar.value = status.percent;
        bar.textContent = `${status.percent}%`;
      }
    } catch (error) {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
});
