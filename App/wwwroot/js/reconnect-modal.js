// The reconnect dialog (Components/Shared/ReconnectModal.razor), after the .NET 10 template: shown and hidden as
// blazor.web.js reports the connection's state; Try again reconnects, Resume resumes a paused session.
const modal = document.getElementById("components-reconnect-modal");
if (modal) {
    modal.addEventListener("components-reconnect-state-changed", onStateChanged);
    document.getElementById("components-reconnect-button")?.addEventListener("click", retry);
    document.getElementById("components-resume-button")?.addEventListener("click", resume);
    document.getElementById("components-reload-button")?.addEventListener("click", () => location.reload());
}

function onStateChanged(event) {
    const state = event.detail.state;
    if (state === "show") {
        if (!modal.open) modal.showModal();
    } else if (state === "hide") {
        modal.close();
    } else if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenVisible);
    } else if (state === "rejected") {
        // The server is back but no longer knows this session: a reload starts a new one.
        location.reload();
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        // true: reconnected; false: the server answered but the session is gone; throws: the server is unreachable.
        const reconnected = await Blazor.reconnect();
        if (!reconnected) {
            const resumed = await Blazor.resumeCircuit();
            if (resumed) modal.close(); else location.reload();
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) location.reload();
    } catch {
        location.reload();
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") await retry();
}
