// The host page's side: it hears only the outcome of the check, never its data.
document.addEventListener('healthcheck-complete', (event) => {
  window.lastHealthCheck = event.detail;
  const first = event.detail.first_break;
  document.getElementById('host-summary').textContent = first
    ? `Your check found the first break at the ${first} stage.`
    : 'Your check found no stage at risk.';
  document.getElementById('host-form').hidden = false;
});
