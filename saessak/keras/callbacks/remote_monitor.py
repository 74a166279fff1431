"""RemoteMonitor: POST each epoch's logs to an HTTP server (``root + path``).

The body is the form field ``field`` holding the logs as JSON
(``data={"epoch": 0, "loss": 0.5, ...}``), or, with ``send_as_json=True``, the
JSON object itself.  Keras sends it with the ``requests`` package; saessak uses
the standard library's ``urllib`` so no extra package is needed.  An
unreachable server gives a warning, not an error.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

from .callback import Callback
from .monitor_callback import to_python


class RemoteMonitor(Callback):
    """Callback used to stream events to a server (``keras.callbacks.RemoteMonitor``)."""

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data", headers=None,
                 send_as_json=False):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        send = {"epoch": epoch}
        for k, v in (logs or {}).items():
            v = to_python(v)
            send[k] = v.tolist() if hasattr(v, "tolist") else v
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(send).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(send)}).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
        except urllib.error.HTTPError:
            pass  # the server answered (with an error status): like requests.post, not a failure
        except (urllib.error.URLError, OSError, ValueError):
            warnings.warn(f"Could not reach RemoteMonitor root server at {self.root}", stacklevel=2)
