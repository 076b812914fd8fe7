import Metrics
import Prometheus

/// Placeholder: the metrics issue fills this module in.
public enum LanesMetrics {}
