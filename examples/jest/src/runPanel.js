// A "component-like" piece of UI code under test: a panel with a Train button that starts a
// training run for an experiment, shows the run's state and, once DONE, the model it produced.
// Plain DOM, so it runs under jest-fixed-jsdom without a framework.
function mountRunPanel(root, client, experimentId) {
  root.innerHTML = `
    <section aria-label="Training">
      <button type="button" data-action="train">Train</button>
      <button type="button" data-action="refresh" disabled>Refresh</button>
      <p data-testid="state">idle</p>
      <p data-testid="model"></p>
      <p role="alert" hidden></p>
    </section>`
  const trainButton = root.querySelector('[data-action="train"]')
  const refreshButton = root.querySelector('[data-action="refresh"]')
  const stateText = root.querySelector('[data-testid="state"]')
  const modelText = root.querySelector('[data-testid="model"]')
  const alert = root.querySelector('[role="alert"]')
  let run
  let pending = Promise.resolve()

  const showError = (error) => {
    alert.hidden = false
    alert.textContent = error.message
  }

  async function refresh() {
    const status = await client.runStatus(experimentId, run.id)
    const state = status.status.tasks[0].state
    stateText.textContent = state
    if (state === 'DONE') {
      const models = await client.modelsOfRun(run.id)
      modelText.textContent = models.children.map((model) => model.id).join(', ')
    }
  }

  async function train() {
    alert.hidden = true
    try {
      run = await client.createRun(experimentId, 'train')
      refreshButton.disabled = false
      await refresh()
    } catch (error) {
      showError(error)
    }
  }

  // Event handlers start the work; `settled()` lets a test wait for it, as a UI test would
  // wait for the DOM to update.
  trainButton.addEventListener('click', () => (pending = train()))
  refreshButton.addEventListener('click', () => (pending = refresh().catch(showError)))

  return { settled: () => pending }
}

module.exports = { mountRunPanel }
