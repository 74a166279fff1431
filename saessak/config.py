"""``tf.config``: the few switches a CPU/NumPy engine has."""

from .engine.function import functions_run_eagerly, run_functions_eagerly  # noqa: F401


def list_physical_devices(device_type=None):
    """saessak computes on the CPU: one CPU device, no GPU (the check beginners run)."""
    if device_type is None or str(device_type).upper() == "CPU":
        return [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    return []


class PhysicalDevice:
    def __init__(self, name, device_type):
        self.name = name
        self.device_type = device_type

    def __repr__(self):
        return f"PhysicalDevice(name='{self.name}', device_type='{self.device_type}')"

from ._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.config")
