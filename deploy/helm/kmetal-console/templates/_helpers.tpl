{{/* Names are fixed per release: the chart installs cluster-wide roles, so one release per under cluster. */}}
{{- define "kmetal-console.fullname" -}}
{{- if contains "kmetal" .Release.Name }}{{ .Release.Name | trunc 50 | trimSuffix "-" }}{{ else }}{{ printf "%s-kmetal" .Release.Name | trunc 50 | trimSuffix "-" }}{{ end }}
{{- end }}

{{- define "kmetal-console.labels" -}}
app.kubernetes.io/name: kmetal-console
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kmetal
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Selector labels of one component: console or reconciler. */}}
{{- define "kmetal-console.selector" -}}
app.kubernetes.io/name: kmetal-console
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "kmetal-console.consoleServiceAccount" -}}
{{- .Values.serviceAccount.console.name | default (printf "%s-console" (include "kmetal-console.fullname" .)) }}
{{- end }}

{{- define "kmetal-console.reconcilerServiceAccount" -}}
{{- .Values.serviceAccount.reconciler.name | default (printf "%s-reconciler" (include "kmetal-console.fullname" .)) }}
{{- end }}

{{- define "kmetal-console.image" -}}
{{- if .Values.image.digest }}{{ printf "%s@%s" .Values.image.repository .Values.image.digest }}{{ else }}{{ printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}{{ end }}
{{- end }}

{{/* Spread replicas over nodes: preferred (soft) or required (hard). */}}
{{- define "kmetal-console.antiAffinity" -}}
{{- $term := dict "topologyKey" "kubernetes.io/hostname" "labelSelector" (dict "matchLabels" (include "kmetal-console.selector" (dict "root" .root "component" .component) | fromYaml)) -}}
podAntiAffinity:
{{- if eq .mode "hard" }}
  requiredDuringSchedulingIgnoredDuringExecution:
    {{- list $term | toYaml | nindent 4 }}
{{- else }}
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        {{- $term | toYaml | nindent 8 }}
{{- end }}
{{- end }}

{{/* Writable paths of a read-only root filesystem: only these emptyDirs. */}}
{{- define "kmetal-console.tmpVolume" -}}
- name: tmp
  emptyDir: { sizeLimit: 64Mi }
{{- end }}

{{/* The role map as the console parses it (lib/env.js): a wrong entry fails the install, not the pods' start. */}}
{{- define "kmetal-console.validateRoleMap" -}}
{{- $roles := list "platform-admin" "platform-viewer" "tenant-admin" "tenant-viewer" }}
{{- range $entry := splitList "," .Values.oidc.roleMap }}
{{- $e := trim $entry }}
{{- if $e }}
{{- $role := trim (trimPrefix "=" (regexFind "=[^=]*$" $e)) }}
{{- $group := trim (regexReplaceAll "=[^=]*$" $e "") }}
{{- if or (not $group) (not (has $role $roles)) }}
{{- fail (printf "oidc.roleMap: entry %q is not group=role with a role of %s" $e (join ", " $roles)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* extraEnv adds variables; one the chart sets itself would be a duplicate that server-side apply refuses. */}}
{{- define "kmetal-console.validateExtraEnv" -}}
{{- range $e := .extra }}
{{- if has $e.name $.own }}
{{- fail (printf "%s.extraEnv: %s is set by the chart; use its own value instead (see values.yaml)" $.component $e.name) }}
{{- end }}
{{- end }}
{{- end }}
