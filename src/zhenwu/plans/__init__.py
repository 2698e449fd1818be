"""Key projects (投资计划/完成/进度) and the responsibility list (目标任务, 书记项目, 民生实事)."""
