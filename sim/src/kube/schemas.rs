//! The schemas of the built-in kinds the simulated cluster serves, for its OpenAPI documents: the
//! fields its objects carry (a subset of the real API's), with the upstream schema names, types
//! and formats, and a short description of each, so `kubectl explain` reads like it does on a
//! real cluster for everything gantry and the simulator use.

use serde_json::{Map, Value, json};

const META: &str = "io.k8s.apimachinery.pkg.apis.meta.v1";
const CORE: &str = "io.k8s.api.core.v1";
const APPS: &str = "io.k8s.api.apps.v1";

fn s(desc: &str) -> Value {
    json!({"type": "string", "description": desc})
}

fn i32_(desc: &str) -> Value {
    json!({"type": "integer", "format": "int32", "description": desc})
}

fn i64_(desc: &str) -> Value {
    json!({"type": "integer", "format": "int64", "description": desc})
}

fn b(desc: &str) -> Value {
    json!({"type": "boolean", "description": desc})
}

fn time(desc: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{META}.Time"), "description": desc})
}

fn map(desc: &str) -> Value {
    json!({"type": "object", "additionalProperties": {"type": "string", "default": ""}, "description": desc})
}

/// A reference to `name` with a description beside it.
fn r(name: &str, desc: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}"), "description": desc})
}

fn list(name: &str, desc: &str) -> Value {
    json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{name}")}, "description": desc})
}

fn obj(desc: &str, props: &[(&str, Value)], required: &[&str]) -> Value {
    let props: Map<String, Value> = props
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let mut o = json!({"type": "object", "description": desc, "properties": props});
    if !required.is_empty() {
        o["required"] = json!(required);
    }
    o
}

/// apiVersion, kind, metadata, spec and status: a resource's usual shape.
fn resource(
    desc: &str,
    spec: Option<&str>,
    status: Option<&str>,
    extra: &[(&str, Value)],
) -> Value {
    let mut props = vec![
        (
            "apiVersion",
            s("The versioned schema of this representation of an object."),
        ),
        (
            "kind",
            s("The REST resource this object represents, in CamelCase."),
        ),
        (
            "metadata",
            r(&format!("{META}.ObjectMeta"), "Standard object's metadata."),
        ),
    ];
    if let Some(spec) = spec {
        props.push(("spec", r(spec, "The desired behaviour of this object.")));
    }
    if let Some(status) = status {
        props.push((
            "status",
            r(status, "The most recently observed status. Read-only."),
        ));
    }
    props.extend(extra.iter().cloned());
    obj(desc, &props, &[])
}

fn list_of(item: &str, desc: &str) -> Value {
    obj(
        desc,
        &[
            (
                "apiVersion",
                s("The versioned schema of this representation of an object."),
            ),
            ("items", list(item, "The objects.")),
            (
                "kind",
                s("The REST resource this object represents, in CamelCase."),
            ),
            (
                "metadata",
                r(&format!("{META}.ListMeta"), "Standard list metadata."),
            ),
        ],
        &["items"],
    )
}

fn condition(desc: &str) -> Value {
    obj(
        desc,
        &[
            ("type", s("Type of the condition.")),
            (
                "status",
                s("Status of the condition: True, False or Unknown."),
            ),
            (
                "reason",
                s("A one-word CamelCase reason for the last transition."),
            ),
            (
                "message",
                s("A human-readable message about the last transition."),
            ),
            (
                "lastTransitionTime",
                time("When the condition last changed status."),
            ),
            (
                "lastUpdateTime",
                time("When the condition was last updated."),
            ),
        ],
        &["type", "status"],
    )
}

fn meta() -> Vec<(String, Value)> {
    vec![
        (
            format!("{META}.Time"),
            json!({"type": "string", "format": "date-time",
            "description": "A timestamp in RFC 3339 form, to the second."}),
        ),
        (
            format!("{META}.ObjectMeta"),
            obj(
                "Metadata every persisted resource has.",
                &[
                    (
                        "name",
                        s(
                            "Unique within a namespace; the name clients use to refer to the object.",
                        ),
                    ),
                    (
                        "namespace",
                        s("The namespace the object belongs to; empty for cluster-scoped kinds."),
                    ),
                    ("uid", s("Unique in time and space, set by the server.")),
                    (
                        "resourceVersion",
                        s(
                            "The version of the object clients use for optimistic concurrency and watches.",
                        ),
                    ),
                    (
                        "generation",
                        i64_(
                            "A sequence number for each change of the desired state, set by the server.",
                        ),
                    ),
                    (
                        "creationTimestamp",
                        time("When the object was created, set by the server."),
                    ),
                    (
                        "deletionTimestamp",
                        time("When the object will be deleted; set when deletion is requested."),
                    ),
                    (
                        "labels",
                        map("Key/value pairs to organise and select objects."),
                    ),
                    (
                        "annotations",
                        map("Unstructured key/value data stored with the object."),
                    ),
                    (
                        "ownerReferences",
                        list(
                            &format!("{META}.OwnerReference"),
                            "Objects this one depends on; the one with controller=true manages it.",
                        ),
                    ),
                ],
                &[],
            ),
        ),
        (
            format!("{META}.OwnerReference"),
            obj(
                "Identifies an owning object.",
                &[
                    ("apiVersion", s("API version of the owner.")),
                    ("kind", s("Kind of the owner.")),
                    ("name", s("Name of the owner.")),
                    ("uid", s("UID of the owner.")),
                    (
                        "controller",
                        b("Whether the owner is the managing controller."),
                    ),
                    (
                        "blockOwnerDeletion",
                        b("Whether the owner cannot be deleted before this object."),
                    ),
                ],
                &["apiVersion", "kind", "name", "uid"],
            ),
        ),
        (
            format!("{META}.ListMeta"),
            obj(
                "Metadata of a list.",
                &[
                    (
                        "resourceVersion",
                        s("The version of the list, to watch from."),
                    ),
                    (
                        "continue",
                        s("A token to fetch the next page, when the list was limited."),
                    ),
                ],
                &[],
            ),
        ),
        (
            format!("{META}.LabelSelector"),
            obj(
                "A label query over a set of objects.",
                &[(
                    "matchLabels",
                    map("Labels every selected object must have, with these values."),
                )],
                &[],
            ),
        ),
        (
            format!("{META}.Status"),
            obj(
                "The result of an operation that returns no object.",
                &[
                    ("status", s("Success or Failure.")),
                    ("message", s("A human-readable description of the status.")),
                    (
                        "reason",
                        s("A machine-readable description of why the operation failed."),
                    ),
                    ("code", i32_("The HTTP status code.")),
                ],
                &[],
            ),
        ),
        (
            format!("{META}.Patch"),
            obj(
                "The body of a PATCH request: a JSON patch, merge patch or strategic merge patch.",
                &[],
                &[],
            ),
        ),
    ]
}

fn core() -> Vec<(String, Value)> {
    let c = |n: &str| format!("{CORE}.{n}");
    vec![
        (
            c("PodTemplateSpec"),
            obj(
                "What pods created from a template look like.",
                &[
                    (
                        "metadata",
                        r(&format!("{META}.ObjectMeta"), "Metadata of the pods."),
                    ),
                    ("spec", r(&c("PodSpec"), "The pods' desired behaviour.")),
                ],
                &[],
            ),
        ),
        (
            c("PodSpec"),
            obj(
                "The desired behaviour of a pod.",
                &[
                    (
                        "containers",
                        list(&c("Container"), "The containers of the pod; at least one."),
                    ),
                    (
                        "restartPolicy",
                        s("Always, OnFailure or Never. Defaults to Always."),
                    ),
                    (
                        "terminationGracePeriodSeconds",
                        i64_("Seconds the pod has to stop after being asked to. Defaults to 30."),
                    ),
                    (
                        "dnsPolicy",
                        s("How DNS is set up for the pod. Defaults to ClusterFirst."),
                    ),
                    ("schedulerName", s("The scheduler that places the pod.")),
                    ("nodeName", s("The node the pod was scheduled to.")),
                    (
                        "serviceAccountName",
                        s("The service account the pod runs as."),
                    ),
                    (
                        "securityContext",
                        json!({"type": "object", "description": "Pod-level security attributes."}),
                    ),
                ],
                &["containers"],
            ),
        ),
        (
            c("Container"),
            obj(
                "A container in a pod.",
                &[
                    ("name", s("The container's name, unique in the pod.")),
                    ("image", s("The container image to run.")),
                    (
                        "command",
                        json!({"type": "array", "items": {"type": "string"}, "description": "The entrypoint, instead of the image's."}),
                    ),
                    (
                        "args",
                        json!({"type": "array", "items": {"type": "string"}, "description": "Arguments to the entrypoint."}),
                    ),
                    (
                        "env",
                        list(
                            &c("EnvVar"),
                            "Environment variables to set in the container.",
                        ),
                    ),
                    (
                        "ports",
                        list(&c("ContainerPort"), "Ports the container exposes."),
                    ),
                    (
                        "resources",
                        r(
                            &c("ResourceRequirements"),
                            "Compute resources the container requests and may use.",
                        ),
                    ),
                    (
                        "readinessProbe",
                        r(&c("Probe"), "When the container is ready to serve."),
                    ),
                    (
                        "livenessProbe",
                        r(&c("Probe"), "When the container must be restarted."),
                    ),
                    ("imagePullPolicy", s("Always, Never or IfNotPresent.")),
                    (
                        "terminationMessagePath",
                        s("Where the container writes its termination message."),
                    ),
                    (
                        "terminationMessagePolicy",
                        s("File or FallbackToLogsOnError."),
                    ),
                ],
                &["name"],
            ),
        ),
        (
            c("EnvVar"),
            obj(
                "An environment variable.",
                &[
                    ("name", s("The variable's name.")),
                    ("value", s("The variable's value.")),
                ],
                &["name"],
            ),
        ),
        (
            c("ContainerPort"),
            obj(
                "A network port of a container.",
                &[
                    ("containerPort", i32_("The port number on the pod's IP.")),
                    ("name", s("A name services can refer to the port by.")),
                    ("protocol", s("TCP, UDP or SCTP. Defaults to TCP.")),
                ],
                &["containerPort"],
            ),
        ),
        (
            c("ResourceRequirements"),
            obj(
                "Compute resource requests and limits.",
                &[
                    (
                        "limits",
                        map("The most of each resource the container may use."),
                    ),
                    (
                        "requests",
                        map("The least of each resource the container needs, for scheduling."),
                    ),
                ],
                &[],
            ),
        ),
        (
            c("Probe"),
            obj(
                "A health check of a container.",
                &[
                    (
                        "httpGet",
                        json!({"type": "object", "description": "An HTTP GET request: path, port, scheme."}),
                    ),
                    ("periodSeconds", i32_("How often to probe. Defaults to 10.")),
                    (
                        "timeoutSeconds",
                        i32_("Seconds before the probe times out. Defaults to 1."),
                    ),
                    (
                        "successThreshold",
                        i32_("Consecutive successes to count as passing."),
                    ),
                    (
                        "failureThreshold",
                        i32_("Consecutive failures to count as failing."),
                    ),
                ],
                &[],
            ),
        ),
        (
            c("Pod"),
            resource(
                "A collection of containers that run on a host.",
                Some(&c("PodSpec")),
                Some(&c("PodStatus")),
                &[],
            ),
        ),
        (c("PodList"), list_of(&c("Pod"), "A list of pods.")),
        (
            c("PodStatus"),
            obj(
                "The observed state of a pod.",
                &[
                    (
                        "phase",
                        s("Pending, Running, Succeeded, Failed or Unknown."),
                    ),
                    (
                        "conditions",
                        list(&c("PodCondition"), "The pod's current conditions."),
                    ),
                    (
                        "containerStatuses",
                        list(&c("ContainerStatus"), "One per container."),
                    ),
                    ("hostIP", s("The IP of the node the pod runs on.")),
                    ("podIP", s("The pod's IP.")),
                    ("startTime", time("When the kubelet acknowledged the pod.")),
                ],
                &[],
            ),
        ),
        (c("PodCondition"), condition("A condition of a pod.")),
        (
            c("ContainerStatus"),
            obj(
                "The state of a container.",
                &[
                    ("name", s("The container's name.")),
                    ("image", s("The image the container runs.")),
                    ("imageID", s("The image's ID, with its digest.")),
                    (
                        "ready",
                        b("Whether the container passes its readiness probe."),
                    ),
                    (
                        "restartCount",
                        i32_("How many times the container restarted."),
                    ),
                    ("started", b("Whether the container has started.")),
                    (
                        "state",
                        json!({"type": "object", "description": "waiting, running or terminated, with details."}),
                    ),
                ],
                &["name", "ready", "restartCount", "image", "imageID"],
            ),
        ),
        (
            c("Event"),
            resource(
                "A report of something that happened in the cluster.",
                None,
                None,
                &[
                    (
                        "involvedObject",
                        r(&c("ObjectReference"), "The object the event is about."),
                    ),
                    (
                        "reason",
                        s("A short, machine-readable reason for the event."),
                    ),
                    ("message", s("A human-readable description.")),
                    ("type", s("Normal or Warning.")),
                    ("count", i32_("How many times the event occurred.")),
                    ("firstTimestamp", time("When the event was first recorded.")),
                    ("lastTimestamp", time("When the event was last recorded.")),
                    (
                        "source",
                        r(&c("EventSource"), "The component that reported the event."),
                    ),
                ],
            ),
        ),
        (c("EventList"), list_of(&c("Event"), "A list of events.")),
        (
            c("EventSource"),
            obj(
                "Who reported an event.",
                &[
                    (
                        "component",
                        s("The component, such as default-scheduler or kubelet."),
                    ),
                    ("host", s("The node name, when reported by a node.")),
                ],
                &[],
            ),
        ),
        (
            c("ObjectReference"),
            obj(
                "A reference to an object.",
                &[
                    ("apiVersion", s("API version of the referent.")),
                    ("kind", s("Kind of the referent.")),
                    ("name", s("Name of the referent.")),
                    ("namespace", s("Namespace of the referent.")),
                    ("uid", s("UID of the referent.")),
                    ("fieldPath", s("A part of the object, such as a container.")),
                ],
                &[],
            ),
        ),
        (
            c("Namespace"),
            resource(
                "A scope for names.",
                Some(&c("NamespaceSpec")),
                Some(&c("NamespaceStatus")),
                &[],
            ),
        ),
        (
            c("NamespaceList"),
            list_of(&c("Namespace"), "A list of namespaces."),
        ),
        (
            c("NamespaceSpec"),
            obj(
                "The desired state of a namespace.",
                &[(
                    "finalizers",
                    json!({"type": "array", "items": {"type": "string"}, "description": "What must be done before the namespace is removed."}),
                )],
                &[],
            ),
        ),
        (
            c("NamespaceStatus"),
            obj(
                "The state of a namespace.",
                &[("phase", s("Active or Terminating."))],
                &[],
            ),
        ),
        (
            c("Service"),
            resource(
                "A named abstraction of a set of pods behind one address.",
                Some(&c("ServiceSpec")),
                Some(&c("ServiceStatus")),
                &[],
            ),
        ),
        (
            c("ServiceList"),
            list_of(&c("Service"), "A list of services."),
        ),
        (
            c("ServiceSpec"),
            obj(
                "The desired state of a service.",
                &[
                    (
                        "type",
                        s(
                            "ClusterIP, NodePort, LoadBalancer or ExternalName. Defaults to ClusterIP.",
                        ),
                    ),
                    ("clusterIP", s("The service's IP in the cluster.")),
                    (
                        "ports",
                        list(&c("ServicePort"), "The ports the service exposes."),
                    ),
                    (
                        "selector",
                        map("The pods traffic goes to: those with these labels."),
                    ),
                    ("sessionAffinity", s("ClientIP or None.")),
                ],
                &[],
            ),
        ),
        (
            c("ServicePort"),
            obj(
                "A port of a service.",
                &[
                    ("name", s("The port's name.")),
                    ("port", i32_("The port the service exposes.")),
                    ("protocol", s("TCP, UDP or SCTP.")),
                    (
                        "targetPort",
                        json!({"x-kubernetes-int-or-string": true, "description": "The port on the pods: a number or a named container port."}),
                    ),
                ],
                &["port"],
            ),
        ),
        (
            c("ServiceStatus"),
            obj(
                "The state of a service.",
                &[(
                    "loadBalancer",
                    json!({"type": "object", "description": "The load balancer's state, if any."}),
                )],
                &[],
            ),
        ),
        (
            c("Node"),
            resource(
                "A worker machine of the cluster.",
                Some(&c("NodeSpec")),
                Some(&c("NodeStatus")),
                &[],
            ),
        ),
        (c("NodeList"), list_of(&c("Node"), "A list of nodes.")),
        (
            c("NodeSpec"),
            obj(
                "How a node is configured.",
                &[
                    ("podCIDR", s("The pod IP range of the node.")),
                    (
                        "unschedulable",
                        b("Whether new pods may not be scheduled to the node."),
                    ),
                ],
                &[],
            ),
        ),
        (
            c("NodeStatus"),
            obj(
                "The state of a node.",
                &[
                    ("capacity", map("The node's total resources.")),
                    ("allocatable", map("The resources pods may use.")),
                    (
                        "conditions",
                        list(
                            &c("NodeCondition"),
                            "Ready, MemoryPressure, DiskPressure, PIDPressure.",
                        ),
                    ),
                    (
                        "addresses",
                        list(&c("NodeAddress"), "The node's addresses."),
                    ),
                    (
                        "nodeInfo",
                        r(
                            &c("NodeSystemInfo"),
                            "Versions and IDs reported by the node.",
                        ),
                    ),
                ],
                &[],
            ),
        ),
        (c("NodeCondition"), condition("A condition of a node.")),
        (
            c("NodeAddress"),
            obj(
                "An address of a node.",
                &[
                    ("type", s("Hostname, InternalIP or ExternalIP.")),
                    ("address", s("The address.")),
                ],
                &["type", "address"],
            ),
        ),
        (
            c("NodeSystemInfo"),
            obj(
                "What a node runs.",
                &[
                    ("kubeletVersion", s("The kubelet's version.")),
                    ("osImage", s("The operating system image.")),
                    ("kernelVersion", s("The kernel version.")),
                    (
                        "containerRuntimeVersion",
                        s("The container runtime and its version."),
                    ),
                    ("architecture", s("The CPU architecture.")),
                    ("operatingSystem", s("The operating system.")),
                ],
                &[],
            ),
        ),
    ]
}

fn apps() -> Vec<(String, Value)> {
    let a = |n: &str| format!("{APPS}.{n}");
    let template = r(&format!("{CORE}.PodTemplateSpec"), "The pods to create.");
    let selector = r(
        &format!("{META}.LabelSelector"),
        "The pods this object manages; must match the template's labels.",
    );
    vec![
        (
            a("Deployment"),
            resource(
                "Declarative updates of pods and ReplicaSets.",
                Some(&a("DeploymentSpec")),
                Some(&a("DeploymentStatus")),
                &[],
            ),
        ),
        (
            a("DeploymentList"),
            list_of(&a("Deployment"), "A list of Deployments."),
        ),
        (
            a("DeploymentSpec"),
            obj(
                "The desired state of a Deployment.",
                &[
                    ("replicas", i32_("How many pods. Defaults to 1.")),
                    ("selector", selector.clone()),
                    ("template", template.clone()),
                    (
                        "strategy",
                        r(
                            &a("DeploymentStrategy"),
                            "How old pods are replaced by new ones.",
                        ),
                    ),
                    (
                        "minReadySeconds",
                        i32_(
                            "Seconds a new pod must be ready to count as available. Defaults to 0.",
                        ),
                    ),
                    (
                        "revisionHistoryLimit",
                        i32_("Old ReplicaSets kept for rollback. Defaults to 10."),
                    ),
                    ("paused", b("Whether the Deployment is paused.")),
                    (
                        "progressDeadlineSeconds",
                        i32_(
                            "Seconds for the Deployment to make progress before it is reported as failed. Defaults to 600.",
                        ),
                    ),
                ],
                &["selector", "template"],
            ),
        ),
        (
            a("DeploymentStrategy"),
            obj(
                "How a Deployment replaces pods.",
                &[
                    (
                        "type",
                        s("Recreate or RollingUpdate. Defaults to RollingUpdate."),
                    ),
                    (
                        "rollingUpdate",
                        json!({"type": "object", "description": "maxSurge and maxUnavailable, numbers or percentages."}),
                    ),
                ],
                &[],
            ),
        ),
        (
            a("DeploymentStatus"),
            obj(
                "The observed state of a Deployment.",
                &[
                    (
                        "observedGeneration",
                        i64_("The generation the controller has observed."),
                    ),
                    ("replicas", i32_("Pods of every revision.")),
                    ("updatedReplicas", i32_("Pods with the desired template.")),
                    ("readyReplicas", i32_("Pods that are ready.")),
                    (
                        "availableReplicas",
                        i32_("Pods ready for at least minReadySeconds."),
                    ),
                    (
                        "unavailableReplicas",
                        i32_("Pods still needed for 100% availability."),
                    ),
                    (
                        "conditions",
                        list(
                            &a("DeploymentCondition"),
                            "Available, Progressing and ReplicaFailure.",
                        ),
                    ),
                ],
                &[],
            ),
        ),
        (
            a("DeploymentCondition"),
            condition("A condition of a Deployment."),
        ),
        (
            a("ReplicaSet"),
            resource(
                "Keeps a number of identical pods running.",
                Some(&a("ReplicaSetSpec")),
                Some(&a("ReplicaSetStatus")),
                &[],
            ),
        ),
        (
            a("ReplicaSetList"),
            list_of(&a("ReplicaSet"), "A list of ReplicaSets."),
        ),
        (
            a("ReplicaSetSpec"),
            obj(
                "The desired state of a ReplicaSet.",
                &[
                    ("replicas", i32_("How many pods. Defaults to 1.")),
                    ("selector", selector),
                    ("template", template),
                    (
                        "minReadySeconds",
                        i32_("Seconds a new pod must be ready to count as available."),
                    ),
                ],
                &["selector"],
            ),
        ),
        (
            a("ReplicaSetStatus"),
            obj(
                "The observed state of a ReplicaSet.",
                &[
                    ("replicas", i32_("The pods it has.")),
                    ("readyReplicas", i32_("Pods that are ready.")),
                    (
                        "availableReplicas",
                        i32_("Pods ready for at least minReadySeconds."),
                    ),
                    (
                        "fullyLabeledReplicas",
                        i32_("Pods whose labels match the template's."),
                    ),
                    (
                        "observedGeneration",
                        i64_("The generation the controller has observed."),
                    ),
                ],
                &["replicas"],
            ),
        ),
    ]
}

fn others() -> Vec<(String, Value)> {
    let authz = "io.k8s.api.authorization.v1";
    vec![
        (
            format!("{authz}.SelfSubjectAccessReview"),
            resource(
                "Asks whether the current user may perform an action (what `kubectl auth can-i` sends).",
                Some(&format!("{authz}.SelfSubjectAccessReviewSpec")),
                Some(&format!("{authz}.SubjectAccessReviewStatus")),
                &[],
            ),
        ),
        (
            format!("{authz}.SelfSubjectAccessReviewSpec"),
            obj(
                "The action to review.",
                &[
                    (
                        "resourceAttributes",
                        r(
                            &format!("{authz}.ResourceAttributes"),
                            "A request for a resource.",
                        ),
                    ),
                    (
                        "nonResourceAttributes",
                        json!({"type": "object", "description": "A request for a path that is not a resource: path and verb."}),
                    ),
                ],
                &[],
            ),
        ),
        (
            format!("{authz}.ResourceAttributes"),
            obj(
                "A request for a resource, as RBAC sees it.",
                &[
                    (
                        "namespace",
                        s("The namespace; empty for all or for cluster-scoped resources."),
                    ),
                    (
                        "verb",
                        s("get, list, watch, create, update, patch, delete, ..."),
                    ),
                    ("group", s("The API group.")),
                    ("resource", s("The resource, such as deployments.")),
                    (
                        "subresource",
                        s("The subresource, such as status or scale."),
                    ),
                    ("name", s("The object's name; empty for all.")),
                ],
                &[],
            ),
        ),
        (
            format!("{authz}.SubjectAccessReviewStatus"),
            obj(
                "The answer to a review.",
                &[
                    ("allowed", b("Whether the action is allowed.")),
                    ("denied", b("Whether the action is explicitly denied.")),
                    ("reason", s("Why it was allowed or denied.")),
                ],
                &["allowed"],
            ),
        ),
        (
            "io.k8s.api.autoscaling.v1.Scale".into(),
            resource(
                "The scale subresource of a workload.",
                Some("io.k8s.api.autoscaling.v1.ScaleSpec"),
                Some("io.k8s.api.autoscaling.v1.ScaleStatus"),
                &[],
            ),
        ),
        (
            "io.k8s.api.autoscaling.v1.ScaleSpec".into(),
            obj(
                "The desired scale.",
                &[("replicas", i32_("The desired number of pods."))],
                &[],
            ),
        ),
        (
            "io.k8s.api.autoscaling.v1.ScaleStatus".into(),
            obj(
                "The observed scale.",
                &[
                    ("replicas", i32_("The observed number of pods.")),
                    ("selector", s("The label query over the pods, as a string.")),
                ],
                &["replicas"],
            ),
        ),
    ]
}

/// Every schema, by upstream name.
pub(crate) fn all() -> Map<String, Value> {
    meta()
        .into_iter()
        .chain(core())
        .chain(apps())
        .chain(others())
        .collect()
}
