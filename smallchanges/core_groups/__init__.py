"""Core Groups: child protection plans and their core group minutes."""

# The plans' and minutes' child tables: listed on their own, their rows follow their parent's scope.
CORE_GROUP_TABLES = (
	"Core Group Plan Child",
	"Core Group Member",
	"Core Group Plan Outcome",
	"Core Group Attendance",
	"Core Group Agency Update Row",
	"Core Group Outcome Progress",
	"Core Group Action",
	"Core Group Distribution",
)
