//! The simulated Kubernetes API server and its controllers.
