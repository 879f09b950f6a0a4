"""The Qt face of OpPlan Desk: windows, grids, dialogs. Talks to desktop.core, never to SQL."""
