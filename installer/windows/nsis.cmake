# Windows installer (NSIS through CPack), for a build with the official Qt 6
# for Windows. It cannot be built on the Debian machines; see README.md here.
set(CPACK_GENERATOR "NSIS")
set(CPACK_NSIS_PACKAGE_NAME "Portolan")
set(CPACK_NSIS_DISPLAY_NAME "Portolan ${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Portolan")
set(CPACK_NSIS_MUI_ICON "${CMAKE_CURRENT_SOURCE_DIR}/windows/portolan.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\portolan.exe")
set(CPACK_NSIS_MODIFY_PATH ON)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_PACKAGE_EXECUTABLES "portolan" "Portolan")
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS
    "WriteRegStr HKCR '.portolan' '' 'Portolan.Design'
     WriteRegStr HKCR 'Portolan.Design' '' 'Portolan design'
     WriteRegStr HKCR 'Portolan.Design\\\\shell\\\\open\\\\command' '' '\\\"$INSTDIR\\\\bin\\\\portolan.exe\\\" \\\"%1\\\"'")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS
    "DeleteRegKey HKCR '.portolan'
     DeleteRegKey HKCR 'Portolan.Design'")

# Qt's deployment (windeployqt) copies the Qt libraries and plugins next to the executable: those
# of the program (QtCore) and those of the designer library it loads for the window and the diagram
# exports (app/CMakeLists.txt), which qt_generate_deploy_app_script would not see.
set(portolan_deploy_script "${CMAKE_CURRENT_BINARY_DIR}/deploy-portolan.cmake")
file(GENERATE OUTPUT "${portolan_deploy_script}" CONTENT "include(\"${QT_DEPLOY_SUPPORT}\")
qt_deploy_runtime_dependencies(
    EXECUTABLE \"\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:portolan>\"
    ADDITIONAL_LIBRARIES \"\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:portolan_designer>\"
    GENERATE_QT_CONF
)
")
install(SCRIPT "${portolan_deploy_script}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/examples/" DESTINATION "examples" FILES_MATCHING PATTERN "*.portolan")
